package dev.dos.app.web;

import static dev.dos.app.web.WebFixture.json;
import static dev.dos.app.web.WebFixture.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The download, sync, backup and resume jobs end to end against the sandbox (embedded emulator). */
class WebJobsTest {
    @TempDir
    static Path home;
    static WebFixture web;

    @BeforeAll
    static void start() throws Exception {
        web = new WebFixture(home, List.of());
    }

    @AfterAll
    static void stop() {
        web.close();
    }

    @Test
    void downloadRestoresTheBatchIntoAServerSideFolderByteForByte() throws Exception {
        Path tree = web.tree("restored");
        String batchId = web.upload(tree).get("batch_id").asText();
        Path dest = home.resolve("out/all");
        JsonNode job = web.waitForEnd(web.startJob("/api/jobs/download", Map.of("batch_id", batchId,
                "destination", dest.toString())));
        assertEquals("succeeded", job.get("state").asText(), job.toString());
        assertEquals("download", job.get("kind").asText());
        assertEquals(batchId, job.get("batch_id").asText());
        assertTrue(job.get("message").asText().startsWith("restored 3 of 3 entries"), job.toString());
        assertArrayEquals(Files.readAllBytes(tree.resolve("data.bin")), Files.readAllBytes(dest.resolve("restored/data.bin")));
        assertArrayEquals(Files.readAllBytes(tree.resolve("notes.txt")), Files.readAllBytes(dest.resolve("restored/notes.txt")));

        Path some = home.resolve("out/some");
        JsonNode partial = web.waitForEnd(web.startJob("/api/jobs/download", Map.of("batch_id", batchId,
                "destination", some.toString(), "paths", List.of("restored/notes.txt"))));
        assertEquals("succeeded", partial.get("state").asText(), partial.toString());
        assertTrue(Files.exists(some.resolve("restored/notes.txt")));
        assertFalse(Files.exists(some.resolve("restored/data.bin")));
    }

    @Test
    void downloadRefusesBadRequestsBeforeMakingAJob() throws Exception {
        String batchId = web.upload(web.tree("refused")).get("batch_id").asText();
        Path file = Files.writeString(home.resolve("a-file"), "x");
        for (String body : List.of("{\"batch_id\":\"" + batchId + "\"}",
                "{\"batch_id\":\"" + batchId + "\",\"destination\":\"relative/dir\"}",
                "{\"batch_id\":\"" + batchId + "\",\"destination\":\"" + home + "/x/../y\"}",
                "{\"batch_id\":\"" + batchId + "\",\"destination\":\"" + file + "\"}",
                "{\"batch_id\":\"" + batchId + "\",\"destination\":\"" + home + "/restore-here\",\"overwrite\":\"yes\"}",
                "{\"batch_id\":\"" + batchId + "\",\"destination\":\"" + home + "/restore-here\",\"paths\":\"a\"}")) {
            HttpResponse<String> r = send(web.authed("/api/jobs/download").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            assertEquals(400, r.statusCode(), body);
            assertEquals("bad_request", json(r).get("code").asText(), body);
        }
        HttpResponse<String> unknown = send(web.authed("/api/jobs/download").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                "{\"batch_id\":\"" + "0".repeat(32) + "\",\"destination\":\"" + home + "/z\"}")));
        assertEquals(404, unknown.statusCode());
        assertFalse(Files.exists(home.resolve("z")));
    }

    @Test
    void syncAndSyncResetSucceedAndSayWhatTheyFound() throws Exception {
        web.upload(web.tree("synced"));
        JsonNode sync = web.waitForEnd(web.startJob("/api/jobs/sync", Map.of()));
        assertEquals("succeeded", sync.get("state").asText(), sync.toString());
        assertEquals("sync", sync.get("kind").asText());
        assertTrue(sync.get("message").asText().startsWith("synced with Discord:"), sync.toString());

        JsonNode reset = web.waitForEnd(web.startJob("/api/jobs/sync", Map.of("reset", true)));
        assertEquals("succeeded", reset.get("state").asText(), reset.toString());
        assertTrue(reset.get("message").asText().startsWith("index rebuilt from Discord:"), reset.toString());
        assertTrue(reset.get("total_bytes").asLong() >= 1, "progress counts batches: " + reset);
        assertTrue(json(send(web.authed("/api/batches?q=synced").GET())).get("total").asLong() == 1);

        HttpResponse<String> bad = send(web.authed("/api/jobs/sync").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reset\":1}")));
        assertEquals(400, bad.statusCode());
    }

    @Test
    void backupWritesAnEncryptedFileAndOptionallyPostsIt() throws Exception {
        Instant before = Instant.now();
        JsonNode local = web.waitForEnd(web.startJob("/api/jobs/backup", Map.of()));
        assertEquals("succeeded", local.get("state").asText(), local.toString());
        assertEquals("backup", local.get("kind").asText());
        assertTrue(local.get("message").asText().startsWith("backup "), local.toString());
        assertFalse(local.get("message").asText().contains("posted"), local.toString());

        JsonNode posted = web.waitForEnd(web.startJob("/api/jobs/backup", Map.of("to_discord", true)));
        assertEquals("succeeded", posted.get("state").asText(), posted.toString());
        assertTrue(posted.get("message").asText().contains("posted to the backup channel"), posted.toString());
        try (Stream<Path> files = Files.list(web.session.backupDirectory())) {
            assertTrue(files.filter(f -> f.toString().endsWith(".dosb")).count() >= 2);
        }
        JsonNode stats = json(send(web.authed("/api/stats").GET()));
        assertFalse(stats.get("last_backup").isNull());
        assertTrue(!Instant.parse(stats.get("last_backup").asText()).isBefore(before.minusSeconds(1)));
    }

    @Test
    void resumeOfACompleteOrUnknownBatchIsRefused() throws Exception {
        String batchId = web.upload(web.tree("complete")).get("batch_id").asText();
        HttpResponse<String> complete = send(web.authed("/api/jobs/resume").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                "{\"batch_id\":\"" + batchId + "\"}")));
        assertEquals(409, complete.statusCode(), complete.body());
        assertEquals("conflict", json(complete).get("code").asText());
        HttpResponse<String> unknown = send(web.authed("/api/jobs/resume").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                "{\"batch_id\":\"" + "f".repeat(32) + "\"}")));
        assertEquals(404, unknown.statusCode());
    }

    @Test
    void historyGrowsWithEachCompletedUpload() throws Exception {
        long before = points();
        web.upload(web.tree("history"));
        JsonNode history = json(send(web.authed("/api/stats/history").GET()));
        JsonNode last = history.get("points").get(history.get("points").size() - 1);
        JsonNode stats = json(send(web.authed("/api/stats").GET()));
        assertTrue(history.get("points").size() > before || before >= 500);
        assertEquals(stats.get("stored_bytes").asLong(), last.get("stored_bytes").asLong());
        assertEquals(stats.get("batches").asLong(), last.get("batches").asLong());
        Instant.parse(last.get("time").asText());
    }

    private static long points() throws Exception {
        return json(send(web.authed("/api/stats/history").GET())).get("points").size();
    }
}
