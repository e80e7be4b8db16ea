package dev.dos.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dos.core.compress.Compression;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.format.IntegrityException;
import dev.dos.core.format.TestData;
import dev.dos.core.meta.ChunkRecord;
import dev.dos.core.meta.SqliteMetadataStore;
import dev.dos.core.pack.BatchStreamer;
import dev.dos.core.pack.UnreadablePolicy;
import dev.dos.core.remote.FaultyRemote.Operation;
import dev.dos.core.remote.FaultyRemote;
import dev.dos.core.remote.memory.InMemoryRemote;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link StreamOperation} over an uploaded batch: resolve, ranges, fetch counts, archive, damage. */
class StreamOperationTest {
    /** 26,000 random bytes in chunks of 4 KiB: seven chunks, the last 100 bytes inside the final one. */
    private static final int BIG = 26_000;

    @TempDir
    Path dir;
    private FaultyRemote remote;
    private SqliteMetadataStore metadata;
    private Repository repo;
    private String batchId;
    private final Map<String, byte[]> files = new HashMap<>();

    @BeforeEach
    void upload() throws IOException {
        Path src = Files.createDirectories(dir.resolve("photos"));
        write(src, "big.bin", TestData.random(BIG, 11));
        write(src, "a/notes.txt", TestData.text(5_000, 12));
        write(src, "a/empty", new byte[0]);
        remote = new FaultyRemote(new InMemoryRemote());
        metadata = SqliteMetadataStore.open(dir.resolve("m.db"));
        repo = new Repository(remote, metadata, MasterKey.generate());
        batchId = new UploadOperation(repo).upload(List.of(src),
                new UploadOptions(Compression.DEFAULT, 4096, false, UnreadablePolicy.ABORT, null),
                ProgressListener.NONE).batchId();
    }

    @AfterEach
    void close() {
        metadata.close();
        remote.close();
    }

    private void write(Path src, String path, byte[] content) throws IOException {
        Path file = src.resolve(path);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        files.put("photos/" + path, content);
    }

    @Test
    void filesAreFoundByExactBatchIdAndPath() throws IOException {
        StreamOperation op = new StreamOperation(repo);
        StreamOperation.BatchFile file = op.file(batchId, "photos/a/notes.txt");
        assertThat(file.size()).isEqualTo(5_000);
        assertThat(file.fileName()).isEqualTo("notes.txt");
        assertThat(file.batch().id()).isEqualTo(batchId);
        assertThat(file.sha256()).hasSize(64);

        assertThatThrownBy(() -> op.file("0".repeat(32), "photos/big.bin")).isInstanceOf(BatchNotFoundException.class);
        assertThatThrownBy(() -> op.file(batchId.substring(0, 8), "photos/big.bin"))
                .isInstanceOf(BatchNotFoundException.class);
        assertThatThrownBy(() -> op.file(batchId, "photos/nothing")).isInstanceOf(BatchNotFoundException.class);
        assertThatThrownBy(() -> op.file(batchId, "photos/a")).isInstanceOf(BatchNotFoundException.class)
                .hasMessageContaining("not a file");
        assertThatThrownBy(() -> op.archive("f".repeat(32))).isInstanceOf(BatchNotFoundException.class);
    }

    @ParameterizedTest(name = "{0} transfer(s)")
    @ValueSource(ints = {1, 4})
    void theLastBytesOfAManyChunkFileFetchOneChunk(int transfers) throws IOException {
        StreamOperation op = new StreamOperation(repo, TransferOptions.serial().withTransfers(transfers));
        StreamOperation.BatchFile file = op.file(batchId, "photos/big.bin");
        BatchStreamer layout = new BatchStreamer(repo.key(), file.manifest(), i -> {
            throw new AssertionError("no fetch expected");
        });
        long start = layout.contentStart(file.index());
        int first = layout.chunkAt(start);
        int last = layout.chunkAt(start + BIG - 1);
        assertThat(last - first + 1).as("chunks holding big.bin").isGreaterThanOrEqualTo(5);

        long before = remote.calls(Operation.OPEN_BLOB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StreamOperation.Report report = op.writeFile(file, BIG - 100, 100, out);
        assertThat(out.toByteArray()).isEqualTo(Arrays.copyOfRange(files.get("photos/big.bin"), BIG - 100, BIG));
        assertThat(report.chunksFetched()).isEqualTo(1);
        assertThat(remote.calls(Operation.OPEN_BLOB) - before).isEqualTo(1);
        assertThat(report.chunksTotal()).isEqualTo(metadata.chunks(batchId).size());

        before = remote.calls(Operation.OPEN_BLOB);
        out.reset();
        report = op.writeFile(file, out);
        assertThat(out.toByteArray()).isEqualTo(files.get("photos/big.bin"));
        assertThat(report.chunksFetched()).isEqualTo(last - file.entry().chunkIndex() + 1);
        assertThat(remote.calls(Operation.OPEN_BLOB) - before).isEqualTo(report.chunksFetched());
    }

    @Test
    void everyFileStreamsWholeAndAnEmptyFileFetchesNothing() throws IOException {
        StreamOperation op = new StreamOperation(repo);
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            StreamOperation.Report report = op.writeFile(op.file(batchId, f.getKey()), out);
            assertThat(out.toByteArray()).as(f.getKey()).isEqualTo(f.getValue());
            assertThat(report.bytesWritten()).isEqualTo(f.getValue().length);
            if (f.getValue().length == 0) {
                assertThat(report.chunksFetched()).isZero();
            }
        }
    }

    @ParameterizedTest(name = "{0} transfer(s)")
    @ValueSource(ints = {1, 4})
    void theArchiveIsTheWholeTarWithEveryChunkFetched(int transfers) throws IOException {
        StreamOperation op = new StreamOperation(repo, TransferOptions.serial().withTransfers(transfers));
        StreamOperation.BatchArchive archive = op.archive(batchId);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StreamOperation.Report report = op.writeArchive(archive, out);
        assertThat((long) out.size()).isEqualTo(archive.tarBytes()).isEqualTo(report.bytesWritten());
        assertThat(report.chunksFetched()).isEqualTo(report.chunksTotal());
        Map<String, byte[]> read = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                if (!e.isDirectory()) {
                    read.put(e.getName(), tar.readAllBytes());
                }
            }
        }
        assertThat(read).containsOnlyKeys(files.keySet());
        files.forEach((path, content) -> assertThat(read.get(path)).as(path).isEqualTo(content));
    }

    @Test
    void aChunkChangedOnTheRemoteIsAnIntegrityFailure() throws IOException {
        StreamOperation op = new StreamOperation(repo);
        StreamOperation.BatchFile file = op.file(batchId, "photos/big.bin");
        BatchStreamer layout = new BatchStreamer(repo.key(), file.manifest(), i -> {
            throw new AssertionError("no fetch expected");
        });
        int damaged = layout.chunkAt(layout.contentStart(file.index()) + BIG / 2);
        ChunkRecord chunk = metadata.chunks(batchId).get(damaged);
        byte[] bytes;
        try (InputStream in = remote.openBlob(chunk.remote())) {
            bytes = in.readAllBytes();
        }
        bytes[bytes.length - 1] ^= 1;
        remote.overwriteBlob(chunk.remote(), bytes);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> op.writeFile(file, out)).isInstanceOf(IntegrityException.class)
                .satisfies(e -> assertThat(((IntegrityException) e).chunkIndex()).isEqualTo(damaged));
        assertThat(out.size()).isLessThan(BIG);
        assertThatThrownBy(() -> op.writeArchive(op.archive(batchId), OutputStream.nullOutputStream()))
                .isInstanceOf(IntegrityException.class);
        // ranges that do not need the chunk are still served
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        op.writeFile(file, 0, 10, head);
        assertThat(head.toByteArray()).isEqualTo(Arrays.copyOf(files.get("photos/big.bin"), 10));
    }
}
