package dev.dos.emulator.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import dev.dos.emulator.Exchange;
import dev.dos.emulator.ExchangeListener;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Checks every exchange against Discord's OpenAPI description and the behaviour its docs add
 * (docs/EMULATOR.md, "Conformance"): each answer of the emulator (status listed for the route,
 * body against the route's response schema, the rate-limit headers named for it, Discord's 429
 * rules), and each request of our own client (route described, path and query parameters in
 * range, JSON and {@code payload_json} bodies against the request schema). Routes the description
 * leaves out are checked by {@link SpecExceptions}. Installed in every emulator of the test suite
 * through {@code META-INF/services}; what it finds goes to {@link SpecMismatches}.
 */
public final class SpecValidator implements ExchangeListener {
    /**
     * How our client introduces itself ({@code RestTransport.USER_AGENT} starts so; a test in the
     * discord module holds the two together): only its requests are validated, since the emulator's
     * own tests send malformed requests on purpose.
     */
    public static final String OUR_USER_AGENT = "DiscordBot (https://github.com/dos, ";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Consumer<SpecMismatch> sink;
    private final boolean counted;

    /** The validator the test suite installs: it reports to {@link SpecMismatches} and counts in {@link SpecCoverage}. */
    public SpecValidator() {
        this(SpecMismatches::record, true);
    }

    /** A validator that only reports to {@code sink} (for checking the validator itself). */
    public SpecValidator(Consumer<SpecMismatch> sink) {
        this(sink, false);
    }

    private SpecValidator(Consumer<SpecMismatch> sink, boolean counted) {
        this.sink = sink;
        this.counted = counted;
    }

    @Override
    public void exchanged(Exchange exchange) {
        List<SpecMismatch> found = check(exchange);
        found.forEach(sink);
    }

    /** Everything wrong with one exchange (empty when it conforms). */
    public List<SpecMismatch> check(Exchange exchange) {
        List<SpecMismatch> found = new ArrayList<>();
        String client = client(exchange);
        if (exchange.kind() == Exchange.Kind.CDN) {
            SpecExceptions.cdn(exchange, found);
            count(SpecExceptions.cdn(exchange.method()), client, false);
            return found;
        }
        Optional<SpecOperation> operation = DiscordSpec.get().operation(exchange.method(), exchange.path());
        String name = operation.map(SpecOperation::name).orElseGet(() -> SpecExceptions.name(exchange));
        checkResponse(exchange, operation, name, found);
        boolean ours = client.equals("dos");
        if (ours) {
            checkRequest(exchange, operation, name, found);
        }
        count(name, client, ours);
        return found;
    }

    private void count(String route, String client, boolean request) {
        if (counted) {
            SpecCoverage.count(route, client, true, request);
        }
    }

    /** Which client sent the request, from its User-Agent: {@code dos}, {@code discord4j} or {@code test}. */
    static String client(Exchange exchange) {
        String agent = exchange.requestHeader("User-Agent");
        if (agent == null) {
            return "test";
        }
        if (agent.startsWith(OUR_USER_AGENT)) {
            return "dos";
        }
        return agent.toLowerCase(Locale.ROOT).contains("discord4j") ? "discord4j" : "test";
    }

    // ---- responses ----

    private void checkResponse(Exchange e, Optional<SpecOperation> operation, String name, List<SpecMismatch> found) {
        Report r = new Report("response", name, found);
        if (e.origin() == Exchange.Origin.BAN) {
            SpecExceptions.ban(e, r);
            return;
        }
        if (e.origin() == Exchange.Origin.FAULT && e.status() >= 500) {
            return; // an injected proxy failure: no Discord answer to compare (SpecExceptions.FAULTS)
        }
        if (operation.isEmpty()) {
            SpecExceptions.undescribedResponse(e, r);
            return;
        }
        SpecOperation op = operation.get();
        Optional<SpecOperation.Response> described = op.response(e.status());
        if (described.isEmpty()) {
            r.add("status", e.status() + " is not listed (listed: " + String.join(", ", op.statusKeys()) + ")");
            return;
        }
        SpecOperation.Response response = described.get();
        described.get().headers().forEach((header, schema) -> checkHeader(e, header, schema, r));
        Optional<String> schema = response.jsonSchema();
        if (schema.isPresent()) {
            checkJsonBody(e, schema.get(), r);
        } else if (!response.hasContent() && e.responseBody() != null && e.responseBody().length > 0) {
            r.add("", "a " + e.status() + " answer has no body in the description, got "
                    + e.responseBody().length + " bytes");
        }
        documentedRules(e, r);
    }

    private static void checkHeader(Exchange e, String header, String schemaPointer, Report r) {
        String value = e.responseHeader(header);
        if (value == null) {
            r.add(header, "header missing (the description names it for a " + e.status() + " answer)");
            return;
        }
        String type = DiscordSpec.get().root().at(DiscordSpec.get().follow(schemaPointer)).path("type").asText();
        try {
            switch (type) {
                case "integer" -> Long.parseLong(value);
                case "number" -> Double.parseDouble(value);
                default -> { }
            }
        } catch (NumberFormatException ex) {
            r.add(header, "'" + value + "' is not of type " + type);
        }
    }

    /** A JSON answer against the description's schema at {@code pointer} (error bodies through {@link SpecErrata}). */
    static void checkJsonBody(Exchange e, String pointer, Report r) {
        String type = e.responseHeader("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            r.add("Content-Type", "a JSON answer needs application/json, got " + type);
        }
        JsonNode body = parse(e.responseBody(), r);
        if (body == null) {
            return;
        }
        Schema schema = DiscordSpec.get().schema(pointer);
        if (SpecErrata.isErrorResponse(pointer)) {
            SpecErrata.checkErrorBody(schema, body, r);
        } else {
            schemaErrors(schema, body, r);
        }
    }

    /** Rules Discord documents that its description cannot express (../shared/discord-api.md, "Rate limits"). */
    static void documentedRules(Exchange e, Report r) {
        String remaining = e.responseHeader("X-RateLimit-Remaining");
        if ("0".equals(remaining) && e.responseHeader("X-RateLimit-Reset-After") == null) {
            r.add("X-RateLimit-Reset-After", "missing although X-RateLimit-Remaining is 0");
        }
        if (e.status() != 429) {
            return;
        }
        String retryAfter = e.responseHeader("Retry-After");
        if (retryAfter == null || !retryAfter.matches("\\d+")) {
            r.add("Retry-After", "a 429 needs Retry-After in whole seconds, got " + retryAfter);
        }
        String scope = e.responseHeader("X-RateLimit-Scope");
        if (scope == null || !List.of("user", "global", "shared").contains(scope)) {
            r.add("X-RateLimit-Scope", "a 429 needs user, global or shared, got " + scope);
        }
        if (e.responseHeader("Via") == null) {
            r.add("Via", "a 429 from Discord passes its proxy and carries Via (without it clients see a Cloudflare ban)");
        }
        JsonNode body = quietParse(e.responseBody());
        boolean global = body != null && body.path("global").asBoolean(false);
        if (global != "true".equals(e.responseHeader("X-RateLimit-Global"))) {
            r.add("X-RateLimit-Global", "must be 'true' exactly when the body says global: " + global);
        }
    }

    // ---- requests ----

    private void checkRequest(Exchange e, Optional<SpecOperation> operation, String name, List<SpecMismatch> found) {
        Report r = new Report("request", name, found);
        if (operation.isEmpty()) {
            SpecExceptions.undescribedRequest(e, r);
            return;
        }
        SpecOperation op = operation.get();
        Map<String, String> pathValues = op.path().parameters(e.path());
        Map<String, String> query = query(e.query());
        for (SpecOperation.Parameter p : op.parameters()) {
            String value = switch (p.in()) {
                case "path" -> pathValues.get(p.name());
                case "query" -> query.get(p.name());
                default -> null;
            };
            if (value == null) {
                if (p.required() && (p.in().equals("path") || p.in().equals("query"))) {
                    r.add(p.in() + "." + p.name(), "required parameter missing");
                }
                continue;
            }
            schemaErrors(DiscordSpec.get().schema(p.schemaPointer()), typed(value, p.schemaPointer()),
                    r.under(p.in() + "." + p.name()));
        }
        for (String given : query.keySet()) {
            boolean declared = op.parameters().stream().anyMatch(p -> p.in().equals("query") && p.name().equals(given));
            if (!declared) {
                r.add("query." + given, "not a parameter of this route");
            }
        }
        if (e.requestJson() != null) {
            String mediaType = mediaType(e.requestHeader("Content-Type"));
            Optional<String> schema = op.requestSchema(mediaType);
            if (schema.isEmpty()) {
                r.add("Content-Type", mediaType + " is not accepted (accepted: " + op.requestMediaTypes() + ")");
            } else {
                schemaErrors(DiscordSpec.get().schema(schema.get()), e.requestJson(),
                        r.under(mediaType.startsWith("multipart/") ? "payload_json" : ""));
            }
        } else if (op.requiresBody() && e.status() / 100 == 2) {
            r.add("", "the route requires a body and the request had none the emulator read");
        }
    }

    /** A parameter's text as the JSON type its schema wants (query strings carry only text). */
    private static JsonNode typed(String value, String schemaPointer) {
        JsonNode schema = DiscordSpec.get().root().at(DiscordSpec.get().follow(schemaPointer));
        String type = schema.path("type").isArray() ? schema.path("type").get(0).asText() : schema.path("type").asText();
        try {
            return switch (type) {
                case "integer" -> LongNode.valueOf(Long.parseLong(value));
                case "boolean" -> value.equalsIgnoreCase("true") ? BooleanNode.TRUE
                        : value.equalsIgnoreCase("false") ? BooleanNode.FALSE : TextNode.valueOf(value);
                default -> TextNode.valueOf(value);
            };
        } catch (NumberFormatException ex) {
            return TextNode.valueOf(value);
        }
    }

    private static Map<String, String> query(String query) {
        Map<String, String> values = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return values;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            values.putIfAbsent(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    // ---- shared ----

    static void schemaErrors(Schema schema, JsonNode value, Report r) {
        for (Error error : schema.validate(value)) {
            String where = error.getInstanceLocation().toString();
            if ("required".equals(error.getKeyword()) && error.getProperty() != null) {
                where = where + "/" + error.getProperty();
            }
            r.add(where.equals("$") ? "" : where, error.getMessage());
        }
    }

    static JsonNode parse(byte[] body, Report r) {
        try {
            return JSON.readTree(body == null ? new byte[0] : body);
        } catch (IOException ex) {
            r.add("", "not JSON: " + ex.getMessage().lines().findFirst().orElse(""));
            return null;
        }
    }

    static JsonNode quietParse(byte[] body) {
        try {
            return body == null || body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException ex) {
            return null;
        }
    }

    /** Collects the mismatches of one side of one exchange. */
    static final class Report {
        private final String side;
        private final String route;
        private final String prefix;
        private final List<SpecMismatch> found;

        Report(String side, String route, List<SpecMismatch> found) {
            this(side, route, "", found);
        }

        private Report(String side, String route, String prefix, List<SpecMismatch> found) {
            this.side = side;
            this.route = route;
            this.prefix = prefix;
            this.found = found;
        }

        /** The same report, with fields named under {@code field} (a parameter, {@code payload_json}). */
        Report under(String field) {
            return new Report(side, route, field, found);
        }

        void add(String field, String reason) {
            String where = prefix.isEmpty() ? field : field.isEmpty() ? prefix : prefix + field;
            found.add(new SpecMismatch(side, route, where, reason));
        }
    }
}
