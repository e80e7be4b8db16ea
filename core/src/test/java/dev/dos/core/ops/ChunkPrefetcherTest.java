package dev.dos.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dos.core.compress.Compression;
import dev.dos.core.crypto.KeyPurpose;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.crypto.StreamKey;
import dev.dos.core.format.BatchId;
import dev.dos.core.format.ChunkReader;
import dev.dos.core.format.IntegrityException;
import dev.dos.core.format.StreamPosition;
import dev.dos.core.format.TestData;
import dev.dos.core.meta.ChunkRecord;
import dev.dos.core.meta.SqliteMetadataStore;
import dev.dos.core.pack.UnreadablePolicy;
import dev.dos.core.remote.FaultyRemote;
import dev.dos.core.remote.memory.InMemoryRemote;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prefetcher's tasks download and open (authenticate and decrypt) the chunks a reader will
 * need, so the reader only decodes: each chunk is downloaded once, for the key the reader opens it
 * with (recognised when derived again), and a task's failure reaches the reader at that chunk.
 */
class ChunkPrefetcherTest {
    @TempDir
    Path dir;
    private SqliteMetadataStore metadata;
    private MasterKey key;
    private FaultyRemote remote;
    private BatchId batch;
    private List<ChunkRecord> chunks;
    private byte[] tar;

    @BeforeEach
    void upload() throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.write(src.resolve("a.bin"), TestData.random(40_000, 7));
        metadata = SqliteMetadataStore.open(dir.resolve("m.db"));
        key = MasterKey.generate();
        remote = new FaultyRemote(new InMemoryRemote());
        String id = new UploadOperation(new Repository(remote, metadata, key)).upload(List.of(src),
                new UploadOptions(Compression.DEFAULT, 4096, false, UnreadablePolicy.ABORT, null),
                ProgressListener.NONE).batchId();
        batch = BatchId.parse(id);
        chunks = metadata.chunks(id);
        assertThat(chunks).hasSizeGreaterThan(5);
        // The stream as the default path decodes it: each chunk read and opened on the reader's thread.
        try (ChunkReader reader = new ChunkReader(streamKey(), source(), StreamPosition.START, chunks.size())) {
            tar = reader.readAllBytes();
        }
    }

    @AfterEach
    void close() {
        metadata.close();
    }

    private StreamKey streamKey() {
        return key.streamKey(KeyPurpose.BATCH, batch.bytes());
    }

    private RemoteChunkSource source() {
        return new RemoteChunkSource(remote, batch, chunks, ProgressListener.NONE);
    }

    private List<Integer> all() {
        return IntStream.range(0, chunks.size()).boxed().toList();
    }

    @Test
    void aReaderGetsTheSameStreamWithEachChunkDownloadedOnceForAKeyDerivedAgain() throws IOException {
        long before = remote.calls(FaultyRemote.Operation.OPEN_BLOB);
        StreamKey derivedAgain = streamKey();
        try (ChunkPrefetcher prefetcher = ChunkPrefetcher.start(remote, source(), key, all(), 3);
             ChunkReader reader = new ChunkReader(derivedAgain, prefetcher, StreamPosition.START, chunks.size())) {
            assertThat(reader.readAllBytes()).isEqualTo(tar);
        }
        assertThat(remote.calls(FaultyRemote.Operation.OPEN_BLOB) - before).isEqualTo(chunks.size());
    }

    @Test
    void anotherKeyIsNotServedFromTheTasksButReadAndOpenedOnTheSpot() throws IOException {
        StreamKey other = MasterKey.generate().streamKey(KeyPurpose.BATCH, batch.bytes());
        try (ChunkPrefetcher prefetcher = ChunkPrefetcher.start(remote, source(), key, List.of(0), 1)) {
            assertThat(prefetcher.openChunk(streamKey(), 0).header().index()).isZero();
            long before = remote.calls(FaultyRemote.Operation.OPEN_BLOB);

            assertThatThrownBy(() -> prefetcher.openChunk(other, 0)).isInstanceOf(IntegrityException.class)
                    .satisfies(e -> assertThat(((IntegrityException) e).reason())
                            .isEqualTo(IntegrityException.Reason.AUTH_FAILED));
            assertThat(remote.calls(FaultyRemote.Operation.OPEN_BLOB) - before).as("downloaded again").isEqualTo(1);
            assertThat(prefetcher.openChunk(streamKey(), 0).header().index()).isZero();
            assertThat(remote.calls(FaultyRemote.Operation.OPEN_BLOB) - before).as("the task's, kept").isEqualTo(1);
        }
    }

    @Test
    void aTaskThatCannotOpenItsChunkFailsTheReaderAtThatChunk() throws IOException {
        MasterKey wrongKey = MasterKey.generate();
        StreamKey wrong = wrongKey.streamKey(KeyPurpose.BATCH, batch.bytes());
        try (ChunkPrefetcher prefetcher = ChunkPrefetcher.start(remote, source(), wrongKey, all(), 4);
             ChunkReader reader = new ChunkReader(streamKey(), source(), StreamPosition.START, chunks.size())) {
            assertThatThrownBy(() -> new ChunkReader(wrong, prefetcher, StreamPosition.START, chunks.size()))
                    .isInstanceOf(IntegrityException.class)
                    .satisfies(e -> {
                        assertThat(((IntegrityException) e).chunkIndex()).isZero();
                        assertThat(((IntegrityException) e).reason()).isEqualTo(IntegrityException.Reason.AUTH_FAILED);
                    });
            assertThat(reader.readAllBytes()).isEqualTo(tar);
        }
    }

    @Test
    void withoutAKeyTasksKeepTheCheckedEncryptedBytes() throws IOException {
        long before = remote.calls(FaultyRemote.Operation.OPEN_BLOB);
        try (ChunkPrefetcher prefetcher = ChunkPrefetcher.start(remote, source(), null, all(), 3)) {
            for (int i = 0; i < chunks.size(); i++) {
                assertThat(dev.dos.core.crypto.Sha256.hex(prefetcher.fetch(i))).isEqualTo(chunks.get(i).sha256());
            }
        }
        assertThat(remote.calls(FaultyRemote.Operation.OPEN_BLOB) - before).isEqualTo(chunks.size());
    }
}
