package dev.dos.emulator.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Discord's OpenAPI 3.1 description (vendored in {@code discord-api-spec/}, see its SOURCE.md):
 * its operations found by method and request path, and JSON Schemas taken from it by JSON pointer
 * and compiled once by networknt's validator in the OpenAPI 3.1 dialect.
 */
public final class DiscordSpec {
    /** The document's id for resolving {@code $ref}s; never fetched (the text is given to the registry). */
    static final String DOCUMENT = "https://discord.com/api/v10/openapi.json";
    private static final String RESOURCE = "/discord-api-spec/openapi.json";
    private static volatile DiscordSpec instance;

    private final JsonNode root;
    private final SchemaRegistry registry;
    private final List<PathTemplate> paths = new ArrayList<>();
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private DiscordSpec(String text) throws IOException {
        this.root = new ObjectMapper().readTree(text);
        // OpenAPI's own keywords (paths, components, ...) are not schema keywords: annotations, quietly.
        Dialect openApi = Dialect.builder(Dialects.getOpenApi31())
                .unknownKeywordFactory((keyword, context) -> new AnnotationKeyword(keyword)).build();
        this.registry = SchemaRegistry.withDefaultDialect(openApi, builder -> builder.schemas(Map.of(DOCUMENT, text)));
        for (Iterator<String> it = root.path("paths").fieldNames(); it.hasNext(); ) {
            paths.add(new PathTemplate(it.next()));
        }
    }

    /** The vendored description, read once per JVM. */
    public static DiscordSpec get() {
        DiscordSpec spec = instance;
        if (spec == null) {
            synchronized (DiscordSpec.class) {
                spec = instance;
                if (spec == null) {
                    instance = spec = load();
                }
            }
        }
        return spec;
    }

    private static DiscordSpec load() {
        try (InputStream in = DiscordSpec.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path");
            }
            return new DiscordSpec(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /**
     * The path template a request path falls under ({@code /channels/1/messages} is
     * {@code /channels/{channel_id}/messages}); literal segments win over parameters, as in
     * {@code /users/@me} against {@code /users/{user_id}}.
     */
    public Optional<PathTemplate> path(String requestPath) {
        PathTemplate best = null;
        for (PathTemplate t : paths) {
            if (t.matches(requestPath) && (best == null || t.moreSpecificThan(best))) {
                best = t;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The operation for {@code method} on {@code requestPath}, if the description has one. */
    public Optional<SpecOperation> operation(String method, String requestPath) {
        return path(requestPath).flatMap(t -> {
            String m = method.toLowerCase(java.util.Locale.ROOT);
            JsonNode item = root.path("paths").path(t.template());
            return item.has(m) ? Optional.of(new SpecOperation(this, t, m, item)) : Optional.empty();
        });
    }

    JsonNode root() {
        return root;
    }

    /** The pointer a local {@code $ref} at {@code pointer} leads to (responses, headers and parameters use them). */
    String follow(String pointer) {
        for (JsonNode node = root.at(pointer); node.has("$ref"); node = root.at(pointer)) {
            pointer = node.get("$ref").asText().substring(1);
        }
        return pointer;
    }

    /** The schema at a JSON pointer into the document, e.g. {@code /components/schemas/ErrorResponse}. */
    Schema schema(String pointer) {
        return schemas.computeIfAbsent(pointer, p -> registry.getSchema(SchemaLocation.of(DOCUMENT + "#"
                + p.replace("{", "%7B").replace("}", "%7D"))));
    }

    /** JSON-pointer escaping of one reference token. */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    /** A path of the description, e.g. {@code /channels/{channel_id}/messages}. */
    public record PathTemplate(String template, String[] segments) {
        PathTemplate(String template) {
            this(template, template.substring(1).split("/", -1));
        }

        boolean matches(String path) {
            String[] actual = path.startsWith("/") ? path.substring(1).split("/", -1) : new String[0];
            if (actual.length != segments.length) {
                return false;
            }
            for (int i = 0; i < segments.length; i++) {
                if (isParameter(segments[i]) ? actual[i].isEmpty() : !segments[i].equals(actual[i])) {
                    return false;
                }
            }
            return true;
        }

        /** The first segment where the two differ is literal here and a parameter there. */
        boolean moreSpecificThan(PathTemplate other) {
            for (int i = 0; i < segments.length; i++) {
                boolean mine = isParameter(segments[i]);
                boolean theirs = isParameter(other.segments[i]);
                if (mine != theirs) {
                    return !mine;
                }
            }
            return false;
        }

        /** The value of each {@code {name}} segment in {@code path}. */
        Map<String, String> parameters(String path) {
            String[] actual = path.substring(1).split("/", -1);
            Map<String, String> values = new java.util.LinkedHashMap<>();
            for (int i = 0; i < segments.length; i++) {
                if (isParameter(segments[i])) {
                    values.put(segments[i].substring(1, segments[i].length() - 1), actual[i]);
                }
            }
            return values;
        }

        static boolean isParameter(String segment) {
            return segment.startsWith("{") && segment.endsWith("}");
        }

        @Override
        public String toString() {
            return template;
        }
    }
}
