package dev.dos.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates a message body against Discord's form rules (content up to 2000 characters, up to
 * 10 embeds and 6000 embed characters, nonce up to 25 characters) and reports every violation
 * at once as 50035 Invalid Form Body, as Discord does; more than 10 files is 30015.
 */
final class MessageInputParser {
    static final int MAX_CONTENT = 2000;
    static final int MAX_FILES = 10;
    private static final int MAX_EMBEDS = 10;
    private static final int MAX_NONCE = 25;

    private MessageInputParser() {
    }

    /**
     * @param fileCount   number of file parts in the request
     * @param forWebhook  whether {@code username} (1..80 characters) is accepted
     */
    static MessageInput parse(ObjectNode json, int fileCount, boolean forWebhook) {
        if (fileCount > MAX_FILES) {
            throw ApiErrors.maxAttachments();
        }
        FormErrors errors = new FormErrors();
        boolean contentGiven = json.has("content");
        String content = text(json, "content", MAX_CONTENT, errors);
        String embeds = embeds(json.get("embeds"), errors);
        Integer flags = integer(json, "flags", errors);
        boolean tts = bool(json, "tts", errors);
        boolean enforceNonce = bool(json, "enforce_nonce", errors);
        String nonce = nonce(json.get("nonce"), errors);
        List<MessageInput.AttachmentSpec> attachments = attachments(json.get("attachments"), errors);
        Long replyTo = reply(json.get("message_reference"), errors);
        String username = null;
        if (forWebhook && json.hasNonNull("username")) {
            username = json.get("username").asText();
            int length = username.codePointCount(0, username.length());
            if (length < 1 || length > 80) {
                errors.add("username", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 80 in length.");
            }
        }
        errors.throwIfAny();
        return new MessageInput(content, contentGiven, embeds, flags, tts, nonce, enforceNonce, attachments, replyTo,
                username);
    }

    private static String text(ObjectNode json, String field, int max, FormErrors errors) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isValueNode()) {
            errors.add(field, "STRING_TYPE_CONVERT", "Could not interpret \"" + node + "\" as string.");
            return null;
        }
        String value = node.asText();
        if (value.codePointCount(0, value.length()) > max) {
            errors.add(field, "BASE_TYPE_MAX_LENGTH", "Must be " + max + " or fewer in length.");
        }
        return value;
    }

    private static String embeds(JsonNode node, FormErrors errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            errors.add("embeds", "LIST_TYPE_CONVERT", "Only iterables may be used in a ListType");
            return null;
        }
        if (node.size() > MAX_EMBEDS) {
            errors.add("embeds", "BASE_TYPE_MAX_LENGTH", "Must be " + MAX_EMBEDS + " or fewer in length.");
        }
        ArrayNode stored = Json.array();
        int total = 0;
        for (int i = 0; i < node.size(); i++) {
            JsonNode embed = node.get(i);
            if (!(embed instanceof ObjectNode object)) {
                errors.add("embeds." + i, "MODEL_TYPE_CONVERT", "Expected an object/dictionary.");
                continue;
            }
            total += EmbedValidator.check(object, "embeds." + i, errors);
            ObjectNode copy = object.deepCopy();
            copy.put("type", "rich");
            stored.add(copy);
        }
        if (total > EmbedValidator.MAX_TOTAL) {
            errors.add("embeds", "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of "
                    + EmbedValidator.MAX_TOTAL);
        }
        return stored.toString();
    }

    private static Integer integer(ObjectNode json, String field, FormErrors errors) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.asInt();
        }
        if (node.isTextual() && node.asText().matches("-?\\d{1,9}")) {
            return Integer.parseInt(node.asText());
        }
        errors.add(field, "NUMBER_TYPE_COERCE", "Value \"" + node.asText() + "\" is not int.");
        return null;
    }

    private static boolean bool(ObjectNode json, String field, FormErrors errors) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            errors.add(field, "BOOLEAN_TYPE_COERCE", "Value \"" + node.asText() + "\" is not a valid boolean.");
            return false;
        }
        return node.asBoolean();
    }

    private static String nonce(JsonNode node, FormErrors errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        String value = node.asText();
        if (!(node.isTextual() || node.isIntegralNumber())) {
            errors.add("nonce", "BASE_TYPE_INVALID", "Nonce must be an integer or a string.");
        } else if (value.length() > MAX_NONCE) {
            errors.add("nonce", "BASE_TYPE_MAX_LENGTH", "Must be " + MAX_NONCE + " or fewer in length.");
        }
        return value;
    }

    private static List<MessageInput.AttachmentSpec> attachments(JsonNode node, FormErrors errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            errors.add("attachments", "LIST_TYPE_CONVERT", "Only iterables may be used in a ListType");
            return null;
        }
        if (node.size() > MAX_FILES) {
            errors.add("attachments", "BASE_TYPE_MAX_LENGTH", "Must be " + MAX_FILES + " or fewer in length.");
        }
        List<MessageInput.AttachmentSpec> specs = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode entry = node.get(i);
            var id = Snowflakes.parse(entry.get("id"));
            if (id.isEmpty()) {
                errors.add("attachments." + i + ".id", "BASE_TYPE_REQUIRED", "This field is required");
                continue;
            }
            String filename = entry.hasNonNull("filename") ? entry.get("filename").asText() : null;
            String description = entry.hasNonNull("description") ? entry.get("description").asText() : null;
            if (description != null && description.length() > 1024) {
                errors.add("attachments." + i + ".description", "BASE_TYPE_MAX_LENGTH",
                        "Must be 1024 or fewer in length.");
            }
            specs.add(new MessageInput.AttachmentSpec(id.get(), filename, description));
        }
        return specs;
    }

    private static Long reply(JsonNode node, FormErrors errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        var id = Snowflakes.parse(node.get("message_id"));
        if (id.isEmpty()) {
            errors.add("message_reference.message_id", "BASE_TYPE_REQUIRED", "This field is required");
            return null;
        }
        return id.get();
    }
}
