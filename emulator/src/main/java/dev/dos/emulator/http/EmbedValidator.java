package dev.dos.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Discord's embed limits (docs/resources/message, "Embed Limits"): per-field lengths, at most 25
 * fields, and 6000 characters over all embeds of a message.
 */
final class EmbedValidator {
    static final int MAX_TOTAL = 6000;

    private EmbedValidator() {
    }

    /** Adds errors for one embed at {@code path} (e.g. {@code embeds.0}); returns its character count. */
    static int check(JsonNode embed, String path, FormErrors errors) {
        int total = 0;
        total += text(embed, "title", 256, path, errors);
        total += text(embed, "description", 4096, path, errors);
        total += text(embed.path("footer"), "text", 2048, path + ".footer", errors);
        total += text(embed.path("author"), "name", 256, path + ".author", errors);
        JsonNode fields = embed.path("fields");
        if (fields.isArray()) {
            if (fields.size() > 25) {
                errors.add(path + ".fields", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
            }
            for (int i = 0; i < fields.size(); i++) {
                total += text(fields.get(i), "name", 256, path + ".fields." + i, errors);
                total += text(fields.get(i), "value", 1024, path + ".fields." + i, errors);
            }
        }
        return total;
    }

    private static int text(JsonNode parent, String field, int max, String path, FormErrors errors) {
        JsonNode value = parent.path(field);
        if (!value.isValueNode() || value.isNull()) {
            return 0;
        }
        int length = value.asText().codePointCount(0, value.asText().length());
        if (length > max) {
            errors.add(path + "." + field, "BASE_TYPE_MAX_LENGTH", "Must be " + max + " or fewer in length.");
        }
        return length;
    }
}
