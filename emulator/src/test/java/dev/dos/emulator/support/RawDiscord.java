package dev.dos.emulator.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.emulator.DiscordEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Speaks raw HTTP to the emulator exactly as a Discord bot would: {@code Authorization: Bot},
 * a {@code DiscordBot (...)} User-Agent, JSON or hand-built multipart bodies.
 */
public final class RawDiscord {
    public static final String USER_AGENT = "DiscordBot (https://github.com/dos/dos, 0.1.0)";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final DiscordEmulator emulator;
    private String token;

    public RawDiscord(DiscordEmulator emulator) {
        this.emulator = emulator;
        this.token = emulator.token();
    }

    /** Uses {@code newToken} from now on (null: no Authorization header at all). */
    public RawDiscord withToken(String newToken) {
        this.token = newToken;
        return this;
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response delete(String path) {
        return send(request(path).DELETE());
    }

    public Response post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response put(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response patch(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response postMultipart(String path, Multipart body) {
        return sendMultipart("POST", path, body);
    }

    public Response sendMultipart(String method, String path, Multipart body) {
        return send(request(path).header("Content-Type", body.contentType())
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body.bytes())));
    }

    /** A message with text content in {@code channelId}; returns the message JSON (asserts 200). */
    public JsonNode postMessage(String channelId, String content) {
        Response r = post("/channels/" + channelId + "/messages", "{\"content\":" + quote(content) + "}");
        if (r.status() != 200) {
            throw new AssertionError("posting a message failed: " + r);
        }
        return r.json();
    }

    /** GETs an absolute URL (a CDN link) without any Authorization, as a browser would. */
    public static Response fetch(String url) {
        return fetch(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    public static Response fetch(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> r = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Response(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path))
                .header("User-Agent", USER_AGENT);
        if (token != null) {
            b.header("Authorization", "Bot " + token);
        }
        return b;
    }

    public Response send(HttpRequest.Builder request) {
        return fetch(request);
    }

    public static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
