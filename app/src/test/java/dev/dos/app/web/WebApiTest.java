package dev.dos.app.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dos.app.store.StoreSession;
import dev.dos.core.config.DosPaths;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API over real HTTP, against a sandbox store in a temporary home. */
class WebApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path home;

    static StoreSession session;
    static WebServer server;
    static AccessToken token;
    static Path configDir;

    @BeforeAll
    static void start() throws IOException {
        Map<String, String> env = Map.of("HOME", home.toString(), "DOS_PASSPHRASE", "correct horse");
        DosPaths paths = DosPaths.resolve(env, null, null);
        configDir = paths.configDir();
        session = StoreSession.open(paths, env, true, () -> null);
        token = AccessToken.loadOrCreate(configDir);
        server = WebServer.start(session.repository(), token, "127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        server.close();
        session.close();
    }

    @Test
    void requestsWithoutTheTokenGet401() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/stats")).GET());
        assertEquals(401, r.statusCode());
        assertEquals("unauthorized", json(r).get("code").asText());
        HttpResponse<String> wrong = send(HttpRequest.newBuilder(uri("/api/stats"))
                .header("Authorization", "Bearer " + token.value() + "x").GET());
        assertEquals(401, wrong.statusCode());
    }

    @Test
    void tokenInTheQueryStringIsNotAccepted() throws Exception {
        for (String name : List.of("token", "access_token")) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/stats?" + name + "=" + token.value())).GET());
            assertEquals(401, r.statusCode(), name);
        }
    }

    @Test
    void foreignOriginsAreRefusedAndTheOwnOriginIsServed() throws Exception {
        HttpResponse<String> foreign = send(authed("/api/stats").header("Origin", "http://evil.example").GET());
        assertEquals(403, foreign.statusCode());
        assertEquals("forbidden_origin", json(foreign).get("code").asText());
        assertTrue(foreign.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
        HttpResponse<String> own = send(authed("/api/stats").header("Origin", server.url()).GET());
        assertEquals(200, own.statusCode());
    }

    @Test
    void tokenIsStoredPrivatelyAndReused() throws Exception {
        Path file = configDir.resolve(AccessToken.FILE_NAME);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(token.value(), AccessToken.loadOrCreate(configDir).value());
    }

    @Test
    void uploadJobSucceedsWithProgressAndTheBatchIsListed() throws Exception {
        Path tree = tree("listed");
        JsonNode job = waitForEnd(startUpload(tree));
        assertEquals("succeeded", job.get("state").asText(), job.toString());
        assertTrue(job.get("total_bytes").asLong() > 0);
        assertEquals(job.get("total_bytes").asLong(), job.get("done_bytes").asLong());
        String batchId = job.get("batch_id").asText();

        JsonNode stats = json(send(authed("/api/stats").GET()));
        assertTrue(stats.get("batches").asLong() >= 1);
        assertTrue(stats.get("stored_bytes").asLong() > 0);

        JsonNode list = json(send(authed("/api/batches?q=listed&sort=name&order=asc&limit=10").GET()));
        assertEquals(1, list.get("total").asLong());
        assertEquals(batchId, list.get("batches").get(0).get("batch_id").asText());

        JsonNode detail = json(send(authed("/api/batches/" + batchId).GET()));
        List<String> paths = new ArrayList<>();
        detail.get("entries").forEach(e -> paths.add(e.get("path").asText()));
        assertTrue(paths.stream().anyMatch(p -> p.endsWith("data.bin")), paths.toString());
        assertEquals(detail.get("chunks").asInt(), detail.get("chunk_list").size());

        JsonNode jobs = json(send(authed("/api/jobs").GET()));
        assertTrue(jobs.get("jobs").findValuesAsText("batch_id").contains(batchId));
    }

    @Test
    void verifyJobSucceedsOnAnIntactBatch() throws Exception {
        String batchId = waitForEnd(startUpload(tree("verified"))).get("batch_id").asText();
        HttpResponse<String> r = send(authed("/api/jobs/verify").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"batch_id\":\"" + batchId + "\",\"deep\":true}")));
        assertEquals(202, r.statusCode(), r.body());
        JsonNode job = waitForEnd(json(r).get("job_id").asLong());
        assertEquals("succeeded", job.get("state").asText(), job.toString());
        assertEquals("verify", job.get("kind").asText());
    }

    @Test
    void eventStreamDeliversProgressAndTheFinalState() throws Exception {
        long id = startUpload(tree("streamed"));
        HttpResponse<java.util.stream.Stream<String>> r = HTTP.send(authed("/api/jobs/" + id + "/events").GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        List<String> events = new ArrayList<>();
        List<JsonNode> data = new ArrayList<>();
        try (var lines = r.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.startsWith("event: ")) {
                    events.add(line.substring(7));
                } else if (line.startsWith("data: ")) {
                    data.add(JSON.readTree(line.substring(6)));
                }
            }
        }
        assertTrue(events.contains("progress"), events.toString());
        assertEquals("state", events.getLast());
        assertEquals(events.size(), data.size());
        assertEquals("succeeded", data.getLast().get("state").asText());
        assertTrue(data.stream().anyMatch(d -> d.get("total_bytes").asLong() > 0));
    }

    @Test
    void deleteRemovesTheBatch() throws Exception {
        String batchId = waitForEnd(startUpload(tree("deleted"))).get("batch_id").asText();
        HttpResponse<String> r = send(authed("/api/batches/" + batchId).DELETE());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(batchId, json(r).get("deleted").asText());
        assertEquals(404, send(authed("/api/batches/" + batchId).GET()).statusCode());
        assertEquals(404, send(authed("/api/batches/" + batchId).DELETE()).statusCode());
    }

    @Test
    void unknownIdsGet404() throws Exception {
        String missing = "0".repeat(32);
        for (String path : List.of("/api/batches/" + missing, "/api/batches/nothex", "/api/jobs/999999",
                "/api/jobs/abc", "/api/jobs/999999/events", "/api/no-such-endpoint")) {
            HttpResponse<String> r = send(authed(path).GET());
            assertEquals(404, r.statusCode(), path);
            assertEquals("not_found", json(r).get("code").asText(), path);
        }
        HttpResponse<String> verify = send(authed("/api/jobs/verify").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"batch_id\":\"" + missing + "\"}")));
        assertEquals(404, verify.statusCode());
    }

    @Test
    void badUploadPathsGet400AndStartNoJob() throws Exception {
        int jobsBefore = json(send(authed("/api/jobs").GET())).get("jobs").size();
        Path real = tree("checked");
        for (String body : List.of("{\"paths\":[\"" + real + "/../checked\"]}", "{\"paths\":[\"../etc/passwd\"]}",
                "{\"paths\":[\"" + home.resolve("does-not-exist") + "\"]}", "{\"paths\":[]}", "{\"paths\":\"/\"}",
                "not json", "[]")) {
            HttpResponse<String> r = send(authed("/api/jobs/upload").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            assertEquals(400, r.statusCode(), body);
            assertEquals("bad_request", json(r).get("code").asText(), body);
            assertFalse(json(r).get("message").asText().isBlank());
        }
        assertEquals(jobsBefore, json(send(authed("/api/jobs").GET())).get("jobs").size());
    }

    /** Regression: Javalin's own 413 came out as plain text, not the API's error JSON. */
    @Test
    void oversizeJsonBodiesGet413InTheErrorShape() throws Exception {
        String body = "{\"paths\":[\"" + "a".repeat(2_000_000) + "\"]}";
        HttpResponse<String> r = send(authed("/api/jobs/upload").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(413, r.statusCode());
        assertEquals("too_large", json(r).get("code").asText());
    }

    @Test
    void dashboardIsServedWithoutTheTokenAndHoldsNoSecret() throws Exception {
        for (String path : List.of("/", "/app.js", "/style.css")) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(uri(path)).GET());
            assertEquals(200, r.statusCode(), path);
            assertFalse(r.body().contains(token.value()), path);
            assertEquals("default-src 'self'", r.headers().firstValue("Content-Security-Policy").orElse(""), path);
        }
        assertTrue(send(HttpRequest.newBuilder(uri("/")).GET()).body().contains("app.js"));
    }

    @Test
    void badListParametersGet400() throws Exception {
        for (String query : List.of("sort=colour", "order=up", "limit=0", "limit=x", "offset=-1")) {
            assertEquals(400, send(authed("/api/batches?" + query).GET()).statusCode(), query);
        }
    }

    private static long startUpload(Path tree) throws Exception {
        HttpResponse<String> r = send(authed("/api/jobs/upload").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("paths", List.of(tree.toString()))))));
        assertEquals(202, r.statusCode(), r.body());
        JsonNode job = json(r);
        assertEquals("upload", job.get("kind").asText());
        return job.get("job_id").asLong();
    }

    private static JsonNode waitForEnd(long id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = json(send(authed("/api/jobs/" + id).GET()));
            String state = job.get("state").asText();
            if (state.equals("succeeded") || state.equals("failed") || state.equals("cancelled")) {
                assertNotNull(job.get("updated_at"));
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " did not end in time");
    }

    private static Path tree(String name) throws IOException {
        return WebFixture.tree(home, name);
    }

    private static URI uri(String path) {
        return URI.create(server.url() + path);
    }

    private static HttpRequest.Builder authed(String path) {
        return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token.value())
                .timeout(Duration.ofSeconds(60));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }
}
