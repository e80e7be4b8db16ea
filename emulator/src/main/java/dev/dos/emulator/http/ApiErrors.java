package dev.dos.emulator.http;

/**
 * Discord's errors, with the status, code and message text its API sends (codes from
 * docs/topics/opcodes-and-status-codes; messages as observed, see docs/EMULATOR.md).
 */
public final class ApiErrors {
    private ApiErrors() {
    }

    public static ApiException unauthorized() {
        return new ApiException(401, 0, "401: Unauthorized", null);
    }

    public static ApiException notFound() {
        return new ApiException(404, 0, "404: Not Found", null);
    }

    public static ApiException methodNotAllowed() {
        return new ApiException(405, 0, "405: Method Not Allowed", null);
    }

    public static ApiException unknownChannel() {
        return new ApiException(404, 10003, "Unknown Channel", null);
    }

    public static ApiException unknownGuild() {
        return new ApiException(404, 10004, "Unknown Guild", null);
    }

    public static ApiException unknownMessage() {
        return new ApiException(404, 10008, "Unknown Message", null);
    }

    public static ApiException unknownWebhook() {
        return new ApiException(404, 10015, "Unknown Webhook", null);
    }

    public static ApiException maxPins() {
        return new ApiException(400, 30003, "Maximum number of pins reached (250)", null);
    }

    /** More than 10 files in one message (docs/topics/opcodes-and-status-codes: 30015). */
    public static ApiException maxAttachments() {
        return new ApiException(400, 30015, "Maximum number of attachments in a message reached (10)", null);
    }

    public static ApiException requestTooLarge() {
        return new ApiException(413, 40005, "Request entity too large", null);
    }

    public static ApiException missingAccess() {
        return new ApiException(403, 50001, "Missing Access", null);
    }

    public static ApiException cannotEditOthersMessage() {
        return new ApiException(403, 50005, "Cannot edit a message authored by another user", null);
    }

    public static ApiException emptyMessage() {
        return new ApiException(400, 50006, "Cannot send an empty message", null);
    }

    public static ApiException nonTextChannel() {
        return new ApiException(400, 50008, "Cannot send messages in a non-text channel", null);
    }

    public static ApiException missingPermissions() {
        return new ApiException(403, 50013, "Missing Permissions", null);
    }

    public static ApiException invalidChannelType() {
        return new ApiException(400, 50024, "Cannot execute action on this channel type", null);
    }

    public static ApiException invalidWebhookToken() {
        return new ApiException(401, 50027, "Invalid Webhook Token", null);
    }

    public static ApiException tooOldToBulkDelete() {
        return new ApiException(400, 50034, "You can only bulk delete messages that are under 14 days old.", null);
    }

    public static ApiException threadArchived() {
        return new ApiException(400, 50083, "Thread is archived", null);
    }

    public static ApiException invalidJson() {
        return new ApiException(400, 50109, "The request body contains invalid JSON.", null);
    }

    public static ApiException threadAlreadyCreated() {
        return new ApiException(400, 160004, "A thread has already been created for this message", null);
    }

    /** 403: a lock is a permission gate (only MANAGE_THREADS passes it); the status is a guess. */
    public static ApiException threadLocked() {
        return new ApiException(403, 160005, "Thread is locked", null);
    }

    public static ApiException maxActiveThreads() {
        return new ApiException(400, 160006, "Maximum number of active threads reached", null);
    }

    public static ApiException cannotSendInForum() {
        return new ApiException(400, 40058, "Cannot send a message in a forum channel", null);
    }

    /** A one-field 50035 Invalid Form Body. */
    public static ApiException form(String path, String code, String message) {
        return new FormErrors().add(path, code, message).toException();
    }

    public static ApiException notSnowflake(String field, String value) {
        return form(field, "NUMBER_TYPE_COERCE", "Value \"" + value + "\" is not snowflake.");
    }

    public static ApiException required(String field) {
        return form(field, "BASE_TYPE_REQUIRED", "This field is required");
    }

    public static ApiException maxLength(String field, int max) {
        return form(field, "BASE_TYPE_MAX_LENGTH", "Must be " + max + " or fewer in length.");
    }

    public static ApiException lengthBetween(String field, int min, int max) {
        return form(field, "BASE_TYPE_BAD_LENGTH", "Must be between " + min + " and " + max + " in length.");
    }
}
