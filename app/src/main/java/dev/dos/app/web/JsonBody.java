package dev.dos.app.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the fields of a JSON request body; anything malformed is a 400 naming the field. The body
 * must be sent as {@code Content-Type: application/json} (parameters such as charset allowed),
 * else 415: HTML forms cannot send that type, so a form on another page cannot post a job.
 */
final class JsonBody {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode node;

    private JsonBody(JsonNode node) {
        this.node = node;
    }

    /**
     * The body as a JSON object; an empty body counts as {@code {}} when {@code emptyAllowed}, and
     * may then also come without any Content-Type.
     */
    static JsonBody of(Context ctx, boolean emptyAllowed) {
        String type = ctx.header("Content-Type");
        if (!isJson(type) && !(emptyAllowed && type == null && ctx.body().isEmpty())) {
            throw new ApiError(415, "unsupported_media_type", "send the body as 'Content-Type: application/json'"
                    + (type == null ? "" : ", not " + type));
        }
        String text = ctx.body();
        if (emptyAllowed && text.isBlank()) {
            return new JsonBody(JSON.createObjectNode());
        }
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw ApiError.badRequest("the body must be a JSON object");
            }
            return new JsonBody(node);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("the body is not valid JSON");
        }
    }

    /** {@code application/json}, with or without parameters ({@code ; charset=utf-8}). */
    static boolean isJson(String contentType) {
        return contentType != null
                && contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT).equals("application/json");
    }

    JsonNode node() {
        return node;
    }

    String requiredString(String name) {
        JsonNode value = node.get(name);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw ApiError.badRequest("'" + name + "' must be a non-empty string");
        }
        return value.asText();
    }

    /** Null when absent or JSON null. */
    String optionalString(String name, int maxChars) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().length() > maxChars) {
            throw ApiError.badRequest("'" + name + "' must be a string of at most " + maxChars + " characters");
        }
        return value.asText();
    }

    boolean optionalBoolean(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw ApiError.badRequest("'" + name + "' must be true or false");
        }
        return value.asBoolean();
    }

    /** An optional array of non-empty strings; empty when absent. */
    List<String> optionalStrings(String name, int max) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray() || value.size() > max) {
            throw ApiError.badRequest("'" + name + "' must be an array of at most " + max + " strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual() || item.asText().isBlank()) {
                throw ApiError.badRequest("every item of '" + name + "' must be a non-empty string");
            }
            out.add(item.asText());
        }
        return out;
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
