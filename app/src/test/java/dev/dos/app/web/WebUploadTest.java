package dev.dos.app.web;

import static dev.dos.app.web.WebFixture.json;
import static dev.dos.app.web.WebFixture.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.core.ops.Repository;
import dev.dos.core.remote.BlobUpload;
import dev.dos.core.remote.ForwardingRemote;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.RemoteException;
import dev.dos.core.testing.Tmpfs;
import dev.dos.testkit.Multipart;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Browser uploads: multipart streamed to an owner-only staging folder, checked, uploaded, cleaned up. */
class WebUploadTest {
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
    void aNestedFolderUploadedAsMultipartDownloadsToTheSameBytesAndLeavesNoStaging() throws Exception {
        Path big = random(home.resolve("parts/big.bin"), 1_500_000, 1);
        Path small = random(home.resolve("parts/small.bin"), 3_000, 2);
        Path text = Files.writeString(home.resolve("parts/readme.txt"), "hello\n".repeat(1000));
        Multipart body = new Multipart().field("name", "holiday pictures")
                .file("files", "photos/2024/big.bin", big)
                .file("files", "photos/2024/small.bin", small)
                .file("files", "photos/readme.txt", text)
                .file("files", "top.txt", "top level file");

        JsonNode job = web.waitForEnd(post(web.server, body));
        assertEquals("succeeded", job.get("state").asText(), job.toString());
        assertEquals("upload", job.get("kind").asText());
        String batchId = job.get("batch_id").asText();
        JsonNode batch = json(send(web.authed("/api/batches/" + batchId).GET()));
        assertEquals("holiday pictures", batch.get("name").asText());
        List<String> paths = new ArrayList<>();
        batch.get("entries").forEach(e -> paths.add(e.get("path").asText()));
        assertTrue(paths.containsAll(List.of("photos/2024/big.bin", "photos/2024/small.bin", "photos/readme.txt",
                "top.txt")), paths.toString());

        Path dest = home.resolve("restored");
        JsonNode download = web.waitForEnd(web.startJob("/api/jobs/download", Map.of("batch_id", batchId,
                "destination", dest.toString())));
        assertEquals("succeeded", download.get("state").asText(), download.toString());
        assertArrayEquals(Files.readAllBytes(big), Files.readAllBytes(dest.resolve("photos/2024/big.bin")));
        assertArrayEquals(Files.readAllBytes(small), Files.readAllBytes(dest.resolve("photos/2024/small.bin")));
        assertArrayEquals(Files.readAllBytes(text), Files.readAllBytes(dest.resolve("photos/readme.txt")));
        assertEquals("top level file", Files.readString(dest.resolve("top.txt")));
        assertEquals(List.of(), staged(), "the staging folder is gone once the batch is complete");
    }

    @Test
    void pathTraversalInFileNamesIs400AndNothingIsWrittenOutsideOrKept() throws Exception {
        for (String bad : List.of("../escaped.txt", "a/../../escaped.txt", "/tmp/escaped.txt", "a//escaped.txt",
                "a\\..\\escaped.txt", "./escaped.txt", "a/./escaped.txt", "a/", "")) {
            Multipart body = new Multipart().file("files", "fine/first.txt", "written first").file("files", bad, "evil");
            HttpResponse<String> r = send(web.authed("/api/jobs/upload").header("Content-Type", body.contentType())
                    .POST(body.publisher()));
            assertEquals(400, r.statusCode(), bad + ": " + r.body());
            assertEquals("bad_request", json(r).get("code").asText(), bad);
        }
        try (Stream<Path> everything = Files.walk(home)) {
            assertEquals(List.of(), everything.filter(p -> p.getFileName().toString().equals("escaped.txt")).toList());
        }
        assertFalse(Files.exists(Path.of("/tmp/escaped.txt")));
        assertEquals(List.of(), staged(), "a refused upload keeps nothing");
    }

    @Test
    void malformedOrEmptyMultipartBodiesAre400() throws Exception {
        Multipart onlyName = new Multipart().field("name", "nothing");
        Multipart unknownField = new Multipart().field("colour", "blue").file("files", "a.txt", "a");
        Multipart twice = new Multipart().file("files", "a.txt", "a").file("files", "a.txt", "b");
        Multipart fileAsFolder = new Multipart().file("files", "a", "a").file("files", "a/b.txt", "b");
        for (Multipart body : List.of(onlyName, unknownField, twice, fileAsFolder)) {
            HttpResponse<String> r = send(web.authed("/api/jobs/upload").header("Content-Type", body.contentType())
                    .POST(body.publisher()));
            assertEquals(400, r.statusCode(), r.body());
        }
        HttpResponse<String> noBoundary = send(web.authed("/api/jobs/upload").header("Content-Type", "multipart/form-data")
                .POST(HttpRequest.BodyPublishers.ofString("garbage")));
        assertEquals(400, noBoundary.statusCode(), noBoundary.body());
        assertEquals(List.of(), staged());
    }

    @Test
    void aStagedUploadThatStopsIsKeptForResumeAndRemovedWhenTheResumeCompletes() throws Exception {
        Repository healthy = web.session.repository();
        Repository failing = new Repository(new RefusingRemote(healthy.remote()), healthy.metadata(), healthy.key());
        WebServer flaky = web.start(failing, List.of());
        Path big = random(home.resolve("parts/resumed.bin"), 1_200_000, 3);
        Multipart body = new Multipart().file("files", "resumable/resumed.bin", big).file("files", "resumable/x.txt", "x");

        JsonNode stopped = web.waitForEnd(post(flaky, body));
        assertEquals("failed", stopped.get("state").asText(), stopped.toString());
        assertTrue(stopped.get("message").asText().contains("resume"), stopped.toString());
        String batchId = stopped.get("batch_id").asText();
        assertEquals(32, batchId.length(), stopped.toString());
        assertEquals(1, staged().size(), "kept for the resume");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(staged().getFirst())));

        JsonNode resumed = web.waitForEnd(web.startJob("/api/jobs/resume", Map.of("batch_id", batchId)));
        assertEquals("succeeded", resumed.get("state").asText(), resumed.toString());
        assertEquals("resume", resumed.get("kind").asText());
        assertTrue(resumed.get("message").asText().startsWith("resumed batch " + batchId), resumed.toString());
        assertEquals(List.of(), staged(), "removed once the batch is complete");

        Path dest = home.resolve("resumed-out");
        JsonNode download = web.waitForEnd(web.startJob("/api/jobs/download", Map.of("batch_id", batchId,
                "destination", dest.toString())));
        assertEquals("succeeded", download.get("state").asText(), download.toString());
        assertArrayEquals(Files.readAllBytes(big), Files.readAllBytes(dest.resolve("resumable/resumed.bin")));
    }

    @Test
    void aFullDiskWhileStagingIsA507AndKeepsNothing() throws Exception {
        Path stagingRoot = web.session.webStagingDirectory();
        String why = Tmpfs.cannotMount(home.resolve("mount-probe"));
        Assumptions.assumeTrue(why == null, "cannot mount a small tmpfs to fill (needs root or CAP_SYS_ADMIN): " + why);
        Path big = random(home.resolve("parts/too-big.bin"), 1_000_000, 4);
        try (Tmpfs disk = new Tmpfs(stagingRoot, "size=256k")) {
            Multipart body = new Multipart().file("files", "fits.txt", "small").file("files", "photos/too-big.bin", big);
            HttpResponse<String> r = send(web.authed("/api/jobs/upload").header("Content-Type", body.contentType())
                    .POST(body.publisher()));

            assertEquals(507, r.statusCode(), r.body());
            assertEquals("disk_full", json(r).get("code").asText(), r.body());
            assertTrue(json(r).get("message").asText().contains("no space left"), r.body());
            try (Stream<Path> left = Files.list(disk.dir)) {
                assertEquals(List.of(), left.toList(), "nothing of the upload is kept");
            }
        }
    }

    private static long post(WebServer on, Multipart body) throws Exception {
        HttpResponse<String> r = send(web.authed(on, "/api/jobs/upload").header("Content-Type", body.contentType())
                .POST(body.publisher()));
        assertEquals(202, r.statusCode(), r.body());
        return json(r).get("job_id").asLong();
    }

    /** The upload folders under the staging root. */
    private static List<Path> staged() throws IOException {
        Path root = web.session.webStagingDirectory();
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.toList();
        }
    }

    private static Path random(Path file, int size, long seed) throws IOException {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes);
    }

    /** Refuses every post to the storage area: chunks never get stored, so the upload stops resumably. */
    private static final class RefusingRemote extends ForwardingRemote {
        RefusingRemote(dev.dos.core.remote.StorageRemote delegate) {
            super(delegate);
        }

        @Override
        public Post post(String containerId, String text, List<BlobUpload> blobs) throws RemoteException {
            throw new RemoteException("refused by the test");
        }

        @Override
        public void close() {
            // the healthy repository owns the delegate
        }
    }
}
