package dev.dos.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dos.core.compress.Compression;
import dev.dos.core.crypto.KeyPurpose;
import dev.dos.core.crypto.MasterKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;

class SealedStreamsTest {
    private static final MasterKey KEY = MasterKey.generate();

    @Test
    void aBackupStreamRoundTripsAcrossChunks() throws IOException {
        BatchId backup = BatchId.random();
        MemoryChunkStore store = new MemoryChunkStore();
        byte[] database = TestData.text(300_000, 9);
        try (OutputStream out = SealedStreams.writer(KEY, backup, Compression.DEFAULT, new ChunkTarget(16_384), store)) {
            out.write(database);
        }

        assertThat(store.size()).isGreaterThan(1);
        try (InputStream in = SealedStreams.reader(KEY, backup, store, -1)) {
            assertThat(in.readAllBytes()).isEqualTo(database);
        }
        try (InputStream in = SealedStreams.reader(KEY, backup, store, store.size())) {
            assertThat(in.readAllBytes()).isEqualTo(database);
        }
    }

    @Test
    void backupChunksCannotBeReadAsBatchChunksOrUnderAnotherId() throws IOException {
        BatchId backup = BatchId.random();
        MemoryChunkStore store = new MemoryChunkStore();
        try (OutputStream out = SealedStreams.writer(KEY, backup, Compression.DEFAULT, new ChunkTarget(16_384), store)) {
            out.write(TestData.random(1000, 1));
        }

        assertThatThrownBy(() -> new ChunkReader(KEY.streamKey(KeyPurpose.BATCH, backup.bytes()), store,
                StreamPosition.START, -1).readAllBytes())
                .isInstanceOfSatisfying(IntegrityException.class,
                        e -> assertThat(e.reason()).isEqualTo(IntegrityException.Reason.AUTH_FAILED));
        assertThatThrownBy(() -> SealedStreams.reader(KEY, BatchId.random(), store, -1).readAllBytes())
                .isInstanceOfSatisfying(IntegrityException.class,
                        e -> assertThat(e.reason()).isEqualTo(IntegrityException.Reason.WRONG_BATCH));
    }
}
