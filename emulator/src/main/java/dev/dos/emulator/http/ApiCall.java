package dev.dos.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dos.emulator.Exchange;
import dev.dos.emulator.fault.ThrottledInputStream;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One API request as a route handler sees it: path and query parameters parsed the way Discord
 * validates them (bad values are 50035 errors), the body counted as it is read, and responses
 * written with their size recorded for the request log.
 */
public final class ApiCall {
    /** Drained request bodies larger than this are abandoned (Jetty then closes the connection). */
    private static final long MAX_DRAIN_BYTES = 512L * 1024 * 1024;

    private final Context ctx;
    private final ApiRoute route;
    private CountingInputStream body;
    private Map<String, String> query;
    private long responseBytes;
    private byte[] responseBody;
    private JsonNode requestJson;
    private Exchange.Origin origin = Exchange.Origin.ROUTE;
    private boolean exemptFromInvalidCount;
    private long bodyBytesPerSecond;

    ApiCall(Context ctx, ApiRoute route) {
        this.ctx = ctx;
        this.route = route;
    }

    Context context() {
        return ctx;
    }

    ApiRoute route() {
        return route;
    }

    // ---- request ----

    public String pathParam(String discordName) {
        return ctx.pathParam(ApiRoute.javalinParam(discordName));
    }

    /** A snowflake path parameter; a malformed one is 50035 on e.g. {@code channel_id}. */
    public long snowflakeParam(String discordName) {
        String raw = pathParam(discordName);
        return Snowflakes.parse(raw).orElseThrow(() -> ApiErrors.notSnowflake(ApiRoute.javalinParam(discordName), raw));
    }

    public Optional<String> query(String name) {
        if (query == null) {
            query = parseQuery(ctx.req().getQueryString());
        }
        return Optional.ofNullable(query.get(name));
    }

    public Optional<Long> querySnowflake(String name) {
        return query(name).map(raw -> Snowflakes.parse(raw).orElseThrow(() -> ApiErrors.notSnowflake(name, raw)));
    }

    /** An integer query parameter within {@code [min, max]}, else 50035 as Discord reports it. */
    public Optional<Integer> queryInt(String name, int min, int max) {
        return query(name).map(raw -> {
            int value;
            try {
                value = Integer.parseInt(raw.strip());
            } catch (NumberFormatException e) {
                throw ApiErrors.form(name, "NUMBER_TYPE_COERCE", "Value \"" + raw + "\" is not int.");
            }
            if (value < min) {
                throw ApiErrors.form(name, "NUMBER_TYPE_MIN",
                        "int value should be greater than or equal to " + min + ".");
            }
            if (value > max) {
                throw ApiErrors.form(name, "NUMBER_TYPE_MAX",
                        "int value should be less than or equal to " + max + ".");
            }
            return value;
        });
    }

    /** A boolean query parameter: {@code True/true/1} or {@code False/false/0}, as Discord accepts. */
    public Optional<Boolean> queryBoolean(String name) {
        return query(name).map(raw -> switch (raw) {
            case "True", "true", "1" -> true;
            case "False", "false", "0" -> false;
            default -> throw ApiErrors.form(name, "BOOLEAN_TYPE_COERCE",
                    "Value \"" + raw + "\" is not a valid boolean.");
        });
    }

    public String header(String name) {
        return ctx.header(name);
    }

    public String contentType() {
        String ct = ctx.header("Content-Type");
        return ct == null ? "" : ct;
    }

    public boolean isMultipart() {
        return contentType().toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    /** Caps how fast the body is read from now on (the upload bandwidth fault); 0 means no cap. */
    void throttleBody(long bytesPerSecond) {
        this.bodyBytesPerSecond = bytesPerSecond;
    }

    /** The raw request body; every byte read through it is counted. */
    public InputStream body() {
        if (body == null) {
            try {
                InputStream raw = ctx.req().getInputStream();
                body = new CountingInputStream(bodyBytesPerSecond > 0
                        ? new ThrottledInputStream(raw, bodyBytesPerSecond) : raw);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return body;
    }

    /**
     * The JSON object body. A body that is not {@code application/json} is read as empty, as
     * Discord ignores what it cannot parse; a body over {@code maxBytes} is 413.
     */
    public ObjectNode jsonBody(long maxBytes) throws IOException {
        if (!contentType().toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return Json.object();
        }
        byte[] bytes = body().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (bytes.length > maxBytes) {
            throw ApiErrors.requestTooLarge();
        }
        if (bytes.length == 0) {
            return Json.object();
        }
        JsonNode node = Json.parse(bytes);
        requestJson = node;
        if (!(node instanceof ObjectNode object)) {
            throw ApiErrors.form("", "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
        }
        return object;
    }

    /** Records the JSON a multipart request carried (its payload_json or plain fields), for listeners. */
    void sawRequestJson(JsonNode json) {
        requestJson = json;
    }

    JsonNode requestJson() {
        return requestJson;
    }

    long requestBytes() {
        return body == null ? 0 : body.count();
    }

    /** Reads and discards the unread body so the connection can carry the next request. */
    void drainBody() {
        try {
            InputStream in = body();
            byte[] skip = new byte[64 * 1024];
            long drained = 0;
            for (int n = in.read(skip); n >= 0 && drained < MAX_DRAIN_BYTES; n = in.read(skip)) {
                drained += n;
            }
        } catch (IOException | UncheckedIOException e) {
            // The client went away; nothing left to answer.
        }
    }

    // ---- response ----

    public void json(int status, JsonNode node) {
        byte[] bytes = Json.bytes(node);
        ctx.status(status).contentType("application/json").result(bytes);
        responseBytes = bytes.length;
        responseBody = bytes;
    }

    public void noContent() {
        ctx.status(204);
        responseBytes = 0;
        responseBody = new byte[0];
    }

    public void header(String name, String value) {
        ctx.header(name, value);
    }

    void raw(int status, String contentType, byte[] bytes) {
        ctx.status(status).contentType(contentType).result(bytes);
        responseBytes = bytes.length;
        responseBody = bytes;
    }

    void error(ApiException e) {
        json(e.status(), e.body());
    }

    int status() {
        return ctx.statusCode();
    }

    long responseBytes() {
        return responseBytes;
    }

    byte[] responseBody() {
        return responseBody;
    }

    /** Marks the answer as made by fault injection or the ban rather than by the route. */
    void answeredBy(Exchange.Origin origin) {
        this.origin = origin;
    }

    Exchange.Origin origin() {
        return origin;
    }

    /** For 429s that are not the client's doing: shared-scope limits and the ban's own answers. */
    void exemptFromInvalidCount() {
        exemptFromInvalidCount = true;
    }

    /** Whether this answer counts toward the invalid-request limit: 401, 403 and 429 do. */
    boolean countsAsInvalid() {
        int status = status();
        return !exemptFromInvalidCount && (status == 401 || status == 403 || status == 429);
    }

    private static Map<String, String> parseQuery(String queryString) {
        Map<String, String> params = new LinkedHashMap<>();
        if (queryString == null || queryString.isEmpty()) {
            return params;
        }
        for (String pair : queryString.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.putIfAbsent(key, value);
        }
        return params;
    }
}
