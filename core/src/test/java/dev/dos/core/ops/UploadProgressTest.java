package dev.dos.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.core.crypto.MasterKey;
import dev.dos.core.meta.ChunkState;
import dev.dos.core.meta.SqliteMetadataStore;
import dev.dos.core.remote.memory.InMemoryRemote;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upload progress counts what the remote confirmed, so a bar at 100 % means the chunks are stored. */
class UploadProgressTest {
    @TempDir
    Path dir;

    @Test
    void progressAdvancesOnlyAsChunksAreConfirmedAndEndsAtTheTarLength() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        byte[] bytes = new byte[400_000];
        new Random(3).nextBytes(bytes);
        Files.write(src.resolve("a.bin"), bytes);
        Files.writeString(src.resolve("b.txt"), "text\n".repeat(10_000));

        try (InMemoryRemote remote = new InMemoryRemote();
             SqliteMetadataStore metadata = SqliteMetadataStore.open(dir.resolve("m.db"))) {
            Repository repo = new Repository(remote, metadata, MasterKey.generate());
            AtomicLong advanced = new AtomicLong();
            AtomicLong total = new AtomicLong();
            AtomicLong overConfirmed = new AtomicLong();
            ProgressListener listener = new ProgressListener() {
                @Override
                public void phaseStarted(String phase, long totalBytes) {
                    total.set(totalBytes);
                }

                @Override
                public void advanced(long bytes) {
                    long done = advanced.addAndGet(bytes);
                    long confirmed = metadata.listBatches(dev.dos.core.meta.BatchQuery.all()).items().stream()
                            .flatMap(b -> metadata.chunks(b.id()).stream())
                            .filter(c -> c.state() == ChunkState.POSTED).count();
                    if (confirmed == 0) {
                        overConfirmed.incrementAndGet();
                    }
                    assertThat(done).isPositive();
                }
            };
            UploadResult result = new UploadOperation(repo).upload(List.of(src),
                    new UploadOptions(dev.dos.core.compress.Compression.DEFAULT, 50_000, false,
                            dev.dos.core.pack.UnreadablePolicy.ABORT, null), listener);

            long tarBytes = new Catalog(repo).manifest(metadata.batch(result.batchId()).orElseThrow()).tarBytes();
            assertThat(result.chunkCount()).isGreaterThan(3);
            assertThat(advanced.get()).isEqualTo(tarBytes);
            assertThat(overConfirmed.get()).as("progress reported before any chunk was confirmed").isZero();
            assertThat(total.get()).isBetween(tarBytes - 2048, tarBytes + 2048);
        }
    }
}
