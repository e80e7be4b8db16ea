package dev.dos.emulator.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One operation of the description ({@code get /channels/{channel_id}/messages}): its parameters,
 * request body and responses, each located by JSON pointer so their schemas can be compiled.
 */
public final class SpecOperation {
    private final DiscordSpec spec;
    private final DiscordSpec.PathTemplate path;
    private final String method;
    private final String itemPointer;
    private final JsonNode item;

    SpecOperation(DiscordSpec spec, DiscordSpec.PathTemplate path, String method, JsonNode item) {
        this.spec = spec;
        this.path = path;
        this.method = method;
        this.itemPointer = "/paths/" + DiscordSpec.escape(path.template());
        this.item = item;
    }

    /** {@code GET /channels/{channel_id}/messages}: what mismatches are reported against. */
    public String name() {
        return method.toUpperCase(Locale.ROOT) + " " + path.template();
    }

    DiscordSpec.PathTemplate path() {
        return path;
    }

    private String pointer() {
        return itemPointer + "/" + method;
    }

    /** A parameter: where it goes, whether it must be there, and where its schema is. */
    record Parameter(String name, String in, boolean required, String schemaPointer) {
    }

    /** Path-item parameters overridden by the operation's own, as OpenAPI merges them. */
    List<Parameter> parameters() {
        Map<String, Parameter> merged = new LinkedHashMap<>();
        for (String base : new String[] {itemPointer + "/parameters", pointer() + "/parameters"}) {
            JsonNode list = spec.root().at(base);
            for (int i = 0; i < list.size(); i++) {
                String p = spec.follow(base + "/" + i);
                JsonNode node = spec.root().at(p);
                Parameter param = new Parameter(node.path("name").asText(), node.path("in").asText(),
                        node.path("required").asBoolean(false), p + "/schema");
                merged.put(param.in() + ":" + param.name(), param);
            }
        }
        return new ArrayList<>(merged.values());
    }

    /** Whether the operation takes a body, and must. */
    boolean requiresBody() {
        return spec.root().at(spec.follow(pointer() + "/requestBody")).path("required").asBoolean(false);
    }

    /** The request schema for a media type such as {@code application/json}, if the operation takes one. */
    Optional<String> requestSchema(String mediaType) {
        String body = spec.follow(pointer() + "/requestBody");
        JsonNode content = spec.root().at(body + "/content");
        return content.has(mediaType)
                ? Optional.of(body + "/content/" + DiscordSpec.escape(mediaType) + "/schema") : Optional.empty();
    }

    /** The media types the request body may have. */
    List<String> requestMediaTypes() {
        List<String> types = new ArrayList<>();
        spec.root().at(spec.follow(pointer() + "/requestBody") + "/content").fieldNames().forEachRemaining(types::add);
        return types;
    }

    /** The responses' status keys as listed: {@code 200}, {@code 429}, {@code 4XX}. */
    List<String> statusKeys() {
        List<String> keys = new ArrayList<>();
        spec.root().at(pointer() + "/responses").fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** The response described for {@code status}: its exact code, else its class ({@code 4XX}), else {@code default}. */
    Optional<Response> response(int status) {
        JsonNode responses = spec.root().at(pointer() + "/responses");
        for (String key : new String[] {Integer.toString(status), (status / 100) + "XX", "default"}) {
            if (responses.has(key)) {
                return Optional.of(new Response(key, spec.follow(pointer() + "/responses/" + key)));
            }
        }
        return Optional.empty();
    }

    /** One described response. */
    final class Response {
        private final String key;
        private final String pointer;

        Response(String key, String pointer) {
            this.key = key;
            this.pointer = pointer;
        }

        String key() {
            return key;
        }

        /** Header names the description gives this response, with their schema pointers. */
        Map<String, String> headers() {
            Map<String, String> headers = new LinkedHashMap<>();
            for (Iterator<String> it = spec.root().at(pointer + "/headers").fieldNames(); it.hasNext(); ) {
                String name = it.next();
                headers.put(name, spec.follow(pointer + "/headers/" + DiscordSpec.escape(name)) + "/schema");
            }
            return headers;
        }

        /** The schema of a JSON body, if the response has one. */
        Optional<String> jsonSchema() {
            JsonNode content = spec.root().at(pointer + "/content");
            return content.has("application/json")
                    ? Optional.of(pointer + "/content/application~1json/schema") : Optional.empty();
        }

        boolean hasContent() {
            return spec.root().at(pointer + "/content").size() > 0;
        }
    }
}
