package dev.dos.app.web;

import static dev.dos.app.web.WebFixture.json;
import static dev.dos.app.web.WebFixture.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DOS_WEB_ROOTS: server-side paths outside the allowed folders, also through symlinks, get 403. */
class WebRootsTest {
    @TempDir
    static Path home;
    static WebFixture web;
    static Path allowed;
    static Path outside;

    @BeforeAll
    static void start() throws Exception {
        allowed = Files.createDirectories(home.resolve("allowed"));
        outside = Files.createDirectories(home.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "not for the web");
        Files.createSymbolicLink(allowed.resolve("escape"), outside);
        Files.createSymbolicLink(allowed.resolve("dangling"), outside.resolve("not-yet"));
        Files.writeString(allowed.resolve("mine.txt"), "mine");
        web = new WebFixture(home, List.of(allowed));
    }

    @AfterAll
    static void stop() {
        web.close();
    }

    @Test
    void uploadSourcesMustBeInsideTheRootsByTheirRealPath() throws Exception {
        int jobsBefore = jobCount();
        for (Path refused : List.of(outside, outside.resolve("secret.txt"), allowed.resolve("escape"),
                allowed.resolve("escape/secret.txt"))) {
            HttpResponse<String> r = send(web.authed("/api/jobs/upload").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                    WebFixture.JSON.writeValueAsString(Map.of("paths", List.of(refused.toString()))))));
            assertEquals(403, r.statusCode(), refused + ": " + r.body());
            assertEquals("forbidden_path", json(r).get("code").asText());
        }
        assertEquals(jobsBefore, jobCount());
        JsonNode ok = web.upload(allowed.resolve("mine.txt"));
        assertEquals("succeeded", ok.get("state").asText(), ok.toString());
    }

    @Test
    void downloadDestinationsMustBeInsideTheRootsByTheirRealPath() throws Exception {
        String batchId = web.upload(allowed.resolve("mine.txt")).get("batch_id").asText();
        for (Path refused : List.of(outside.resolve("restored"), allowed.resolve("escape"),
                allowed.resolve("escape/new/deeper"), allowed.resolve("dangling"), allowed.resolve("dangling/new"))) {
            HttpResponse<String> r = send(web.authed("/api/jobs/download").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                    WebFixture.JSON.writeValueAsString(Map.of("batch_id", batchId, "destination", refused.toString())))));
            assertEquals(403, r.statusCode(), refused + ": " + r.body());
            assertEquals("forbidden_path", json(r).get("code").asText());
        }
        assertFalse(Files.exists(outside.resolve("restored")));
        assertFalse(Files.exists(outside.resolve("new")));
        assertFalse(Files.exists(outside.resolve("not-yet")), "a broken symlink inside a root must not lead out");
        JsonNode ok = web.waitForEnd(web.startJob("/api/jobs/download", Map.of("batch_id", batchId,
                "destination", allowed.resolve("restored/here").toString())));
        assertEquals("succeeded", ok.get("state").asText(), ok.toString());
        assertEquals("mine", Files.readString(allowed.resolve("restored/here/mine.txt")));
    }

    @Test
    void jobsGetTheCheckedRealPathNotTheOneSent() throws Exception {
        Path real = Files.createDirectories(allowed.resolve("real-dir"));
        Files.writeString(real.resolve("inner.txt"), "inner");
        Path alias = Files.createSymbolicLink(allowed.resolve("alias"), real);
        // Uploaded through the symlink, the batch holds the folder it was checked as, by its real name.
        JsonNode up = web.upload(alias);
        assertEquals("succeeded", up.get("state").asText(), up.toString());
        JsonNode batch = json(send(web.authed("/api/batches/" + up.get("batch_id").asText()).GET()));
        List<String> entries = new java.util.ArrayList<>();
        batch.get("entries").forEach(e -> entries.add(e.get("path").asText()));
        assertEquals(List.of("real-dir", "real-dir/inner.txt"), entries.stream().sorted().toList(), batch.toString());
        // Restored through the symlink, the job writes into (and reports) the real folder.
        JsonNode down = web.waitForEnd(web.startJob("/api/jobs/download", Map.of("batch_id", up.get("batch_id").asText(),
                "destination", alias.resolve("restored").toString())));
        assertEquals("succeeded", down.get("state").asText(), down.toString());
        assertTrue(down.get("message").asText().contains(real.toRealPath().resolve("restored").toString()), down.toString());
        assertFalse(down.get("message").asText().contains("alias"), down.toString());
        assertEquals("inner", Files.readString(real.resolve("restored/real-dir/inner.txt")));
    }

    private static int jobCount() throws Exception {
        return json(send(web.authed("/api/jobs").GET())).get("jobs").size();
    }
}
