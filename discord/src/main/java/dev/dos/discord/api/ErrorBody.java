package dev.dos.discord.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Discord's error body: a numeric code, a message and, for invalid forms (code 50035), nested
 * field errors such as {@code {"content": {"_errors": [{"code": ..., "message": ...}]}}}.
 */
public record ErrorBody(int code, String message, JsonNode errors) {

    /** The field errors as {@code path: message} lines, e.g. {@code attachments.0.filename: Required}. */
    public List<String> fieldErrors() {
        List<String> out = new ArrayList<>();
        if (errors != null) {
            collect(errors, "", out);
        }
        return out;
    }

    private static void collect(JsonNode node, String path, List<String> out) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (field.getKey().equals("_errors")) {
                for (JsonNode error : field.getValue()) {
                    out.add((path.isEmpty() ? "(body)" : path) + ": " + error.path("message").asText(error.toString()));
                }
            } else if (field.getValue().isObject()) {
                collect(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(), out);
            }
        }
    }
}
