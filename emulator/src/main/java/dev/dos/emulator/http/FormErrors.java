package dev.dos.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Collects 50035 "Invalid Form Body" errors in Discord's nested shape: the path
 * {@code "embeds.0.title"} becomes {@code {"embeds": {"0": {"title": {"_errors": [...]}}}}};
 * the empty path is a request-level error.
 */
public final class FormErrors {
    private final ObjectNode root = Json.object();

    public FormErrors add(String path, String code, String message) {
        ObjectNode node = root;
        if (!path.isEmpty()) {
            for (String key : path.split("\\.")) {
                JsonNode child = node.get(key);
                node = child instanceof ObjectNode o ? o : node.putObject(key);
            }
        }
        ArrayNode list = node.has("_errors") ? (ArrayNode) node.get("_errors") : node.putArray("_errors");
        ObjectNode error = list.addObject();
        error.put("code", code);
        error.put("message", message);
        return this;
    }

    public boolean isEmpty() {
        return root.isEmpty();
    }

    public ApiException toException() {
        return new ApiException(400, 50035, "Invalid Form Body", root);
    }

    public void throwIfAny() {
        if (!isEmpty()) {
            throw toException();
        }
    }
}
