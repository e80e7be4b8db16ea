package dev.dos.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dos.emulator.DiscordEmulator;
import dev.dos.emulator.live.LivePacer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A deliberately bare Discord REST client: java.net.http, hand-written headers and bodies
 * ({@code Authorization: Bot}, a {@code DiscordBot (...)} User-Agent, JSON or {@link Multipart}),
 * no retries, no rate-limit handling. Whatever the server answers is what the test sees.
 *
 * <p>Against live Discord ({@link #live}) it keeps to the rate limits, as any real client must:
 * it waits out an exhausted bucket before the next request and waits out and repeats a 429
 * ({@link LivePacer}); {@link #unpaced()} is the bare client again, for tests that want the 429.
 */
public final class RawDiscord {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String USER_AGENT = "DiscordBot (https://github.com/dos/contract-tests, 1.0)";

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String baseUrl;
    private final String authorization;
    /** Null: no pacing (the emulator, or {@link #unpaced()}). */
    private final LivePacer pacer;

    private RawDiscord(String baseUrl, String authorization, LivePacer pacer) {
        this.baseUrl = baseUrl;
        this.authorization = authorization;
        this.pacer = pacer;
    }

    /** A client authenticating as a bot: {@code Authorization: Bot <token>}. */
    public static RawDiscord bot(String baseUrl, String token) {
        return new RawDiscord(baseUrl, "Bot " + token, null);
    }

    /** The emulator's bot. */
    public static RawDiscord of(DiscordEmulator emulator) {
        return bot(emulator.baseUrl(), emulator.token());
    }

    /** A bot client for live Discord, kept within the rate limits by {@code pacer}. */
    public static RawDiscord live(String baseUrl, String token, LivePacer pacer) {
        return new RawDiscord(baseUrl, "Bot " + token, pacer);
    }

    /** The same client sending this exact Authorization header value, or none when null. */
    public RawDiscord withAuthorization(String headerValue) {
        return new RawDiscord(baseUrl, headerValue, pacer);
    }

    /** The same client as bot {@code token} (null: no Authorization header at all). */
    public RawDiscord withToken(String token) {
        return withAuthorization(token == null ? null : "Bot " + token);
    }

    /** The same client without rate-limit pacing: every request goes out at once and a 429 is the answer. */
    public RawDiscord unpaced() {
        return pacer == null ? this : new RawDiscord(baseUrl, authorization, null);
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Reply get(String path) {
        return send("GET", path, BodyPublishers.noBody(), null);
    }

    public Reply delete(String path) {
        return send("DELETE", path, BodyPublishers.noBody(), null);
    }

    public Reply put(String path) {
        return send("PUT", path, BodyPublishers.noBody(), null);
    }

    /** A JSON body: a String is sent as it is (already JSON), anything else is written as JSON. */
    public Reply put(String path, Object jsonBody) {
        return sendJson("PUT", path, jsonBody);
    }

    public Reply post(String path, Object jsonBody) {
        return sendJson("POST", path, jsonBody);
    }

    public Reply patch(String path, Object jsonBody) {
        return sendJson("PATCH", path, jsonBody);
    }

    public Reply post(String path, Multipart form) {
        return send("POST", path, form);
    }

    public Reply patch(String path, Multipart form) {
        return send("PATCH", path, form);
    }

    public Reply send(String method, String path, Multipart form) {
        return send(method, path, form.publisher(), form.contentType());
    }

    public Reply sendJson(String method, String path, Object jsonBody) {
        try {
            byte[] json = jsonBody instanceof String s ? s.getBytes(StandardCharsets.UTF_8)
                    : JSON.writeValueAsBytes(jsonBody);
            return send(method, path, BodyPublishers.ofByteArray(json), "application/json");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A message with text content in {@code channelId}; returns the message JSON (asserts 200). */
    public JsonNode postMessage(String channelId, String content) {
        return post("/channels/" + channelId + "/messages", Map.of("content", content)).expect(200).json();
    }

    /** Sends one request; connection failures stay visible as {@link UncheckedIOException}. */
    public Reply send(String method, String path, BodyPublisher body, String contentType) {
        try {
            return sendOrThrow(method, path, body, contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        }
    }

    public Reply sendOrThrow(String method, String path, BodyPublisher body, String contentType) throws IOException {
        HttpRequest.Builder request = request(path).method(method, body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpRequest built = request.build();
        if (pacer == null) {
            return exchange(method, path, built);
        }
        try {
            for (int attempt = 0; ; attempt++) {
                pacer.awaitTurn(method, path);
                Reply reply = exchange(method, path, built);
                Optional<Duration> again = pacer.observe(method, path, reply.status(), reply.headers(), reply.body());
                if (again.isEmpty() || attempt == LivePacer.MAX_RETRIES) {
                    return reply;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * A request to {@code path} with this client's User-Agent and Authorization, for a test that
     * adds headers of its own and {@link #send(HttpRequest.Builder) sends} it.
     */
    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("User-Agent", USER_AGENT);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    /** Sends a request exactly as built (unpaced). */
    public static Reply send(HttpRequest.Builder request) {
        HttpRequest built = request.build();
        try {
            return exchange(built.method(), built.uri().toString(), built);
        } catch (IOException e) {
            throw new UncheckedIOException(built.method() + " " + built.uri(), e);
        }
    }

    /** A plain GET of a full URL (the CDN), without credentials, as a browser would. */
    public static Reply fetch(String url) {
        try {
            return fetchOrThrow(url);
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + url, e);
        }
    }

    public static Reply fetchOrThrow(String url) throws IOException {
        return exchange("GET", url, browser(url).GET().build());
    }

    /** A HEAD of a full URL (the CDN). */
    public static Reply head(String url) {
        return send(browser(url).method("HEAD", BodyPublishers.noBody()));
    }

    /** A GET of a full URL with a {@code Range: bytes=first-last} header, as a resuming download sends. */
    public static Reply fetchRange(String url, long first, long last) {
        return send(browser(url).header("Range", "bytes=" + first + "-" + last).GET());
    }

    private static HttpRequest.Builder browser(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("User-Agent", USER_AGENT);
    }

    private static Reply exchange(String method, String path, HttpRequest request) throws IOException {
        try {
            var response = HTTP.send(request, BodyHandlers.ofByteArray());
            return new Reply(method, path, response.statusCode(), response.headers(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** {@code s} as a JSON string literal. */
    public static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
