package dev.dos.emulator.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * A small JSON client for live mode's own housekeeping (finding and deleting what a test
 * created, permission overwrites): bot token, Discord's User-Agent form, paced by a
 * {@link LivePacer}. Tests speak through their own clients; this one only tidies up around them.
 */
public final class LiveRest {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER_AGENT = "DiscordBot (https://github.com/dos/live-mode, 1.0)";

    private final LiveSettings settings;
    private final LivePacer pacer;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    public LiveRest(LiveSettings settings, LivePacer pacer) {
        this.settings = settings;
        this.pacer = pacer;
    }

    /** One answer: status, headers and the body as JSON (missing when empty or not JSON). */
    public record Answer(String method, String path, int status, HttpHeaders headers, JsonNode json) {
        public boolean ok() {
            return status / 100 == 2;
        }

        /** The answer, or an error naming the request and Discord's reply. */
        public Answer expectOk() {
            if (!ok()) {
                throw new IllegalStateException(this.toString());
            }
            return this;
        }

        @Override
        public String toString() {
            return status + " for " + method + " " + path + (json.isMissingNode() ? "" : ": " + json);
        }
    }

    public Answer get(String path) {
        return send("GET", path, null);
    }

    public Answer delete(String path) {
        return send("DELETE", path, null);
    }

    public Answer send(String method, String path, Object jsonBody) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.apiBase() + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("User-Agent", USER_AGENT)
                    .header("Authorization", "Bot " + settings.token());
            if (jsonBody == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(jsonBody)));
            }
            HttpRequest built = request.build();
            for (int attempt = 0; ; attempt++) {
                pacer.awaitTurn(method, path);
                var response = http.send(built, BodyHandlers.ofByteArray());
                Optional<Duration> again = pacer.observe(method, path, response.statusCode(), response.headers(),
                        response.body());
                if (again.isEmpty() || attempt == LivePacer.MAX_RETRIES) {
                    return new Answer(method, path, response.statusCode(), response.headers(), parse(response.body()));
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + method + " " + path, e);
        }
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return JSON.missingNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(new String(body, StandardCharsets.UTF_8));
        }
    }
}
