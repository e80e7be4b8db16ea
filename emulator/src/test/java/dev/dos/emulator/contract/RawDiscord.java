package dev.dos.emulator.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dos.emulator.live.LivePacer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Optional;

/**
 * A deliberately bare Discord REST client: java.net.http, hand-written headers and bodies, no
 * retries, no rate-limit handling. Whatever the emulator answers is what the test sees.
 *
 * <p>Against live Discord ({@link #live}) it keeps to the rate limits, as any real client must:
 * it waits out an exhausted bucket before the next request and waits out and repeats a 429
 * ({@link LivePacer}); {@link #unpaced()} is the bare client again, for tests that want the 429.
 */
final class RawDiscord {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String USER_AGENT = "DiscordBot (https://github.com/dos/contract-tests, 1.0)";

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
    static RawDiscord bot(String baseUrl, String token) {
        return new RawDiscord(baseUrl, "Bot " + token, null);
    }

    /** A bot client for live Discord, kept within the rate limits by {@code pacer}. */
    static RawDiscord live(String baseUrl, String token, LivePacer pacer) {
        return new RawDiscord(baseUrl, "Bot " + token, pacer);
    }

    /** The same client sending this exact Authorization header value, or none when null. */
    RawDiscord withAuthorization(String headerValue) {
        return new RawDiscord(baseUrl, headerValue, pacer);
    }

    /** The same client without rate-limit pacing: every request goes out at once and a 429 is the answer. */
    RawDiscord unpaced() {
        return pacer == null ? this : new RawDiscord(baseUrl, authorization, null);
    }

    Reply get(String path) {
        return send("GET", path, BodyPublishers.noBody(), null);
    }

    Reply delete(String path) {
        return send("DELETE", path, BodyPublishers.noBody(), null);
    }

    Reply put(String path) {
        return send("PUT", path, BodyPublishers.noBody(), null);
    }

    Reply post(String path, Object jsonBody) {
        return sendJson("POST", path, jsonBody);
    }

    Reply patch(String path, Object jsonBody) {
        return sendJson("PATCH", path, jsonBody);
    }

    Reply post(String path, Multipart form) {
        return send("POST", path, form.publisher(), form.contentType());
    }

    Reply patch(String path, Multipart form) {
        return send("PATCH", path, form.publisher(), form.contentType());
    }

    Reply sendJson(String method, String path, Object jsonBody) {
        try {
            byte[] json = jsonBody instanceof String s ? s.getBytes(java.nio.charset.StandardCharsets.UTF_8) : JSON.writeValueAsBytes(jsonBody);
            return send(method, path, BodyPublishers.ofByteArray(json), "application/json");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Sends one request; connection failures stay visible as {@link UncheckedIOException}. */
    Reply send(String method, String path, BodyPublisher body, String contentType) {
        try {
            return sendOrThrow(method, path, body, contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        }
    }

    Reply sendOrThrow(String method, String path, BodyPublisher body, String contentType) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("User-Agent", USER_AGENT)
                .method(method, body);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
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

    /** A plain GET of a full URL (the CDN), without credentials, as a browser would. */
    static Reply fetch(String url) {
        try {
            return fetchOrThrow(url);
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + url, e);
        }
    }

    static Reply fetchOrThrow(String url) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("User-Agent", USER_AGENT)
                .GET()
                .build();
        return exchange("GET", url, request);
    }

    /** A HEAD of a full URL (the CDN). */
    static Reply head(String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("User-Agent", USER_AGENT)
                .method("HEAD", BodyPublishers.noBody())
                .build();
        try {
            return exchange("HEAD", url, request);
        } catch (IOException e) {
            throw new UncheckedIOException("HEAD " + url, e);
        }
    }

    /** A GET of a full URL with a {@code Range: bytes=first-last} header, as a resuming download sends. */
    static Reply fetchRange(String url, long first, long last) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("User-Agent", USER_AGENT)
                .header("Range", "bytes=" + first + "-" + last)
                .GET()
                .build();
        try {
            return exchange("GET", url, request);
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + url, e);
        }
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
}
