package dev.dos.app.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dos.app.store.StoreSession;
import dev.dos.core.compress.Compression;
import dev.dos.core.config.DosPaths;
import dev.dos.core.crypto.Sha256;
import dev.dos.core.meta.ChunkRecord;
import dev.dos.core.ops.ProgressListener;
import dev.dos.core.ops.StreamOperation;
import dev.dos.core.ops.UploadOperation;
import dev.dos.core.ops.UploadOptions;
import dev.dos.core.pack.BatchStreamer;
import dev.dos.core.pack.UnreadablePolicy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File and archive downloads over real HTTP, against a sandbox store (embedded emulator) in a
 * temporary home. Batches are uploaded with 16 KiB chunks, so the big file spans about twenty.
 */
class FilesResourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int BIG = 300_000;
    private static final String UNICODE = "résumé ü 100%.txt";

    @TempDir
    static Path home;

    static StoreSession session;
    static WebServer server;
    static AccessToken token;
    static Path attachments;
    static String batchId;
    static String damagedId;
    static final Map<String, byte[]> files = new HashMap<>();

    @BeforeAll
    static void start() throws IOException {
        Map<String, String> env = Map.of("HOME", home.toString(), "DOS_PASSPHRASE", "correct horse");
        DosPaths paths = DosPaths.resolve(env, null, null);
        session = StoreSession.open(paths, env, true, () -> null);
        attachments = paths.dataDir().resolve("sandbox/emulator/attachments");
        token = AccessToken.loadOrCreate(paths.configDir());
        server = WebServer.start(session.repository(), token, "127.0.0.1", 0);

        Path src = Files.createDirectories(home.resolve("src/album"));
        put(src, "big.bin", random(BIG, 1));
        put(src, "docs/notes.txt", "line of text\n".repeat(3000).getBytes(StandardCharsets.UTF_8));
        put(src, "docs/" + UNICODE, "hello".getBytes(StandardCharsets.UTF_8));
        put(src, "empty", new byte[0]);
        batchId = upload(src);
        Path other = Files.createDirectories(home.resolve("src/damaged"));
        Files.write(other.resolve("big.bin"), random(BIG, 2));
        Files.write(other.resolve("small.txt"), "small".getBytes(StandardCharsets.UTF_8));
        damagedId = upload(other);
    }

    @AfterAll
    static void stop() {
        server.close();
        session.close();
    }

    @Test
    void aWholeFileIsByteIdenticalWithItsHeaders() throws Exception {
        HttpResponse<byte[]> r = get(file(batchId, "album/big.bin"));
        assertEquals(200, r.statusCode());
        assertArrayEquals(files.get("album/big.bin"), r.body());
        assertEquals(String.valueOf(BIG), header(r, "Content-Length"));
        assertEquals("bytes", header(r, "Accept-Ranges"));
        assertEquals("application/octet-stream", header(r, "Content-Type"));
        assertEquals("\"" + Sha256.hex(files.get("album/big.bin")) + "\"", header(r, "ETag"));
        assertEquals("attachment; filename=\"big.bin\"; filename*=UTF-8''big.bin", header(r, "Content-Disposition"));
        assertEquals("nosniff", header(r, "X-Content-Type-Options"));

        for (String path : files.keySet()) {
            assertArrayEquals(files.get(path), get(file(batchId, path)).body(), path);
        }
    }

    @Test
    void aNonAsciiNameIsGivenInRfc5987Form() throws Exception {
        HttpResponse<byte[]> r = get(file(batchId, "album/docs/" + UNICODE));
        assertEquals(200, r.statusCode());
        assertEquals("attachment; filename=\"r_sum_ _ 100_.txt\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%C3%BC%20100%25.txt",
                header(r, "Content-Disposition"));
    }

    @Test
    void singleRangesGet206WithExactBytes() throws Exception {
        byte[] big = files.get("album/big.bin");
        Object[][] cases = {
            {"bytes=0-99", 0, 100}, {"bytes=1000-", 1000, BIG - 1000}, {"bytes=-500", BIG - 500, 500},
            {"bytes=150000-150000", 150_000, 1}, {"bytes=299990-99999999999", 299_990, 10},
            {"bytes=-999999", 0, BIG}, {"bytes=16000-70000", 16_000, 54_001}, {"Bytes=5-9", 5, 5}, {"bytes= 5-9 ", 5, 5},
            {"bytes=,5-9,", 5, 5},
        };
        for (Object[] c : cases) {
            String range = (String) c[0];
            int from = (int) c[1];
            int length = (int) c[2];
            HttpResponse<byte[]> r = get(file(batchId, "album/big.bin").header("Range", range));
            assertEquals(206, r.statusCode(), range);
            assertArrayEquals(Arrays.copyOfRange(big, from, from + length), r.body(), range);
            assertEquals("bytes " + from + "-" + (from + length - 1) + "/" + BIG, header(r, "Content-Range"), range);
            assertEquals(String.valueOf(length), header(r, "Content-Length"), range);
            assertEquals("\"" + Sha256.hex(big) + "\"", header(r, "ETag"), range);
        }
    }

    @Test
    void aRangeFetchesOnlyItsChunks() throws Exception {
        // measured on the store the server uses: what the last 100 bytes of a ~20-chunk file need
        StreamOperation op = new StreamOperation(session.repository());
        StreamOperation.BatchFile big = op.file(batchId, "album/big.bin");
        BatchStreamer layout = new BatchStreamer(session.repository().key(), big.manifest(), i -> {
            throw new AssertionError();
        });
        long start = layout.contentStart(big.index());
        assertTrue(layout.chunkAt(start + BIG - 1) - layout.chunkAt(start) >= 10);
        int expected = layout.chunkAt(start + BIG - 1) - layout.chunkAt(start + BIG - 100) + 1;
        assertEquals(1, expected, "the last 100 bytes lie in one chunk");
        assertEquals(1, op.writeFile(big, BIG - 100, 100, new ByteArrayOutputStream()).chunksFetched());
        int middleChunks = layout.chunkAt(start + BIG / 2 + 20_000 - 1) - layout.chunkAt(start + BIG / 2) + 1;
        assertEquals(middleChunks, op.writeFile(big, BIG / 2, 20_000, new ByteArrayOutputStream()).chunksFetched());
        assertTrue(middleChunks <= 3);
    }

    @Test
    void severalOrMalformedRangesOrAStaleIfRangeGetTheWholeFile() throws Exception {
        byte[] notes = files.get("album/docs/notes.txt");
        String etag = "\"" + Sha256.hex(notes) + "\"";
        for (String range : List.of("bytes=0-9,20-29", "bytes=9-0", "bytes=abc", "items=0-9", "bytes=", "bytes=--5")) {
            HttpResponse<byte[]> r = get(file(batchId, "album/docs/notes.txt").header("Range", range));
            assertEquals(200, r.statusCode(), range);
            assertArrayEquals(notes, r.body(), range);
            assertNull(r.headers().firstValue("Content-Range").orElse(null), range);
        }
        HttpResponse<byte[]> stale = get(file(batchId, "album/docs/notes.txt").header("Range", "bytes=0-9")
                .header("If-Range", "\"" + "0".repeat(64) + "\""));
        assertEquals(200, stale.statusCode());
        assertArrayEquals(notes, stale.body());
        HttpResponse<byte[]> fresh = get(file(batchId, "album/docs/notes.txt").header("Range", "bytes=0-9")
                .header("If-Range", etag));
        assertEquals(206, fresh.statusCode());
        assertArrayEquals(Arrays.copyOf(notes, 10), fresh.body());
        HttpResponse<byte[]> cached = get(file(batchId, "album/docs/notes.txt").header("If-None-Match", etag));
        assertEquals(304, cached.statusCode());
        assertEquals(0, cached.body().length);
    }

    @Test
    void unsatisfiableRangesGet416() throws Exception {
        for (String range : List.of("bytes=" + BIG + "-", "bytes=" + BIG + "-" + (BIG + 10), "bytes=-0",
                "bytes=99999999999999999999999-")) {
            HttpResponse<byte[]> r = get(file(batchId, "album/big.bin").header("Range", range));
            assertEquals(416, r.statusCode(), range);
            assertEquals("bytes */" + BIG, header(r, "Content-Range"), range);
            assertEquals("range_not_satisfiable", JSON.readTree(r.body()).get("code").asText());
        }
        HttpResponse<byte[]> empty = get(file(batchId, "album/empty").header("Range", "bytes=0-"));
        assertEquals(200, empty.statusCode());
        assertEquals(0, empty.body().length);
        assertEquals("0", header(empty, "Content-Length"));
    }

    @Test
    void unknownBatchesAndFilesGet404AndBadPaths400() throws Exception {
        for (HttpRequest.Builder request : List.of(file("0".repeat(32), "album/big.bin"), file(batchId, "album/nothing"),
                file(batchId, "album/docs"), file(batchId, "album/big.bin/"), file(batchId.substring(0, 8), "album/big.bin"),
                authed("/api/batches/" + "0".repeat(32) + "/archive"))) {
            HttpResponse<byte[]> r = get(request);
            assertEquals(404, r.statusCode(), request.build().uri().toString());
            assertEquals("not_found", JSON.readTree(r.body()).get("code").asText());
        }
        for (String query : List.of("", "?path=", "?path=..%2Falbum%2Fbig.bin", "?path=album%2F..%2Fdamaged%2Fbig.bin",
                "?path=%2Fetc%2Fpasswd", "?path=album%2F..")) {
            HttpResponse<byte[]> r = get(authed("/api/batches/" + batchId + "/files" + query));
            assertEquals(400, r.statusCode(), query);
            JsonNode body = JSON.readTree(r.body());
            assertEquals("bad_request", body.get("code").asText(), query);
            assertFalse(body.get("message").asText().isBlank());
        }
    }

    @Test
    void withoutTheTokenBothEndpointsGet401() throws Exception {
        for (String path : List.of("/api/batches/" + batchId + "/files?path=album%2Fbig.bin",
                "/api/batches/" + batchId + "/archive")) {
            HttpResponse<byte[]> r = get(HttpRequest.newBuilder(URI.create(server.url() + path)));
            assertEquals(401, r.statusCode(), path);
        }
    }

    @Test
    void theArchiveIsTheBatchAsATar() throws Exception {
        HttpResponse<byte[]> r = get(authed("/api/batches/" + batchId + "/archive"));
        assertEquals(200, r.statusCode());
        assertEquals("application/x-tar", header(r, "Content-Type"));
        assertEquals("attachment; filename=\"album.tar\"; filename*=UTF-8''album.tar", header(r, "Content-Disposition"));
        long tarBytes = new StreamOperation(session.repository()).archive(batchId).tarBytes();
        assertEquals(String.valueOf(tarBytes), header(r, "Content-Length"));
        assertEquals(tarBytes, r.body().length);
        Map<String, byte[]> read = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(r.body()))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                if (!e.isDirectory()) {
                    read.put(e.getName(), tar.readAllBytes());
                }
            }
        }
        assertEquals(files.keySet(), read.keySet());
        files.forEach((path, content) -> assertArrayEquals(content, read.get(path), path));
    }

    /** Runs last in effect: it damages only the second batch, which no other test reads. */
    @Test
    void aDamagedChunkTruncatesTheResponseInsteadOfCompletingIt() throws Exception {
        StreamOperation op = new StreamOperation(session.repository());
        StreamOperation.BatchFile big = op.file(damagedId, "damaged/big.bin");
        BatchStreamer layout = new BatchStreamer(session.repository().key(), big.manifest(), i -> {
            throw new AssertionError();
        });
        int damaged = layout.chunkAt(layout.contentStart(big.index()) + BIG * 2 / 3);
        ChunkRecord chunk = session.repository().metadata().chunks(damagedId).get(damaged);
        Path blob = attachments.resolve(chunk.remote().blobId());
        byte[] bytes = Files.readAllBytes(blob);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(blob, bytes);

        // bytes before the damaged chunk have gone out (the response is committed), then the connection closes
        Received whole = receive(file(damagedId, "damaged/big.bin"));
        assertTrue(whole.failed, "the client must see a broken transfer");
        assertEquals(200, whole.status);
        assertEquals(BIG, whole.declaredLength);
        assertTrue(whole.received > 0 && whole.received < BIG, "received " + whole.received);
        Received archive = receive(authed("/api/batches/" + damagedId + "/archive"));
        assertTrue(archive.failed);
        assertEquals(200, archive.status);
        assertTrue(archive.received < archive.declaredLength);

        // a range that does not need the damaged chunk is served in full
        HttpResponse<byte[]> head = get(file(damagedId, "damaged/big.bin").header("Range", "bytes=0-999"));
        assertEquals(206, head.statusCode());
        assertEquals(1000, head.body().length);
        // damage met before anything was sent: a JSON error, never a short body
        StreamOperation.BatchFile small = op.file(damagedId, "damaged/small.txt");
        int smallChunk = layout.chunkAt(layout.contentStart(small.index()));
        Path smallBlob = attachments.resolve(session.repository().metadata().chunks(damagedId).get(smallChunk)
                .remote().blobId());
        byte[] smallBytes = Files.readAllBytes(smallBlob);
        smallBytes[40] ^= 0x01;
        Files.write(smallBlob, smallBytes);
        HttpResponse<String> early = HTTP.send(file(damagedId, "damaged/small.txt").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(502, early.statusCode());
        assertTrue(early.body().contains("\"code\":\"damaged\""), early.body());
        assertTrue(early.headers().firstValue("Content-Disposition").isEmpty());
        // and the server keeps serving
        assertEquals(200, get(file(batchId, "album/docs/notes.txt")).statusCode());
    }

    /** What a client got: the status and length if headers arrived, the bytes read, and whether the transfer broke. */
    private record Received(int status, long declaredLength, long received, boolean failed) {
    }

    private static Received receive(HttpRequest.Builder request) {
        HttpResponse<InputStream> r;
        try {
            r = HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException | InterruptedException e) {
            return new Received(-1, -1, 0, true);
        }
        long declared = r.headers().firstValueAsLong("Content-Length").orElse(-1);
        long received = 0;
        byte[] buffer = new byte[65536];
        try (InputStream in = r.body()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                received += n;
            }
        } catch (IOException e) {
            return new Received(r.statusCode(), declared, received, true);
        }
        return new Received(r.statusCode(), declared, received, declared >= 0 && received < declared);
    }

    private static String upload(Path dir) throws IOException {
        return new UploadOperation(session.repository()).upload(List.of(dir),
                new UploadOptions(Compression.DEFAULT, 16 * 1024, false, UnreadablePolicy.ABORT, null),
                ProgressListener.NONE).batchId();
    }

    private static void put(Path src, String path, byte[] content) throws IOException {
        Path file = src.resolve(path);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        files.put("album/" + path, content);
    }

    private static byte[] random(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static HttpRequest.Builder file(String id, String path) {
        return authed("/api/batches/" + id + "/files?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8)
                .replace("+", "%20"));
    }

    private static HttpRequest.Builder authed(String path) {
        return HttpRequest.newBuilder(URI.create(server.url() + path)).header("Authorization", "Bearer " + token.value());
    }

    private static HttpResponse<byte[]> get(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }
}
