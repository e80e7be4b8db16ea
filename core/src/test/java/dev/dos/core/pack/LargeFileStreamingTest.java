package dev.dos.core.pack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.core.crypto.MasterKey;
import dev.dos.core.format.BatchId;
import dev.dos.core.format.BatchManifest;
import dev.dos.core.format.ChunkSink;
import dev.dos.core.format.ChunkSource;
import dev.dos.core.format.ChunkTarget;
import dev.dos.core.format.TestData;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 50 MB file passes through packing and restoring holding about one chunk at a time. */
class LargeFileStreamingTest {
    private static final int MIB = 1024 * 1024;
    private static final MasterKey KEY = MasterKey.generate();

    @TempDir
    Path tmp;

    @Test
    void aFiftyMegabyteFileStreamsThroughBothWays() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("big"));
        String sha256 = writeMixedFile(src.resolve("video.bin"), 50);
        Path chunkDir = Files.createDirectories(tmp.resolve("chunks"));
        AtomicLong bytesRead = new AtomicLong();
        AtomicLong rawSealed = new AtomicLong();
        AtomicLong mostHeldBack = new AtomicLong();
        HeapWatch heap = new HeapWatch();
        ChunkSink sink = chunk -> {
            // Everything read so far is in chunks handed over, but for the segment being sealed (the
            // writer seals one on its own thread while the next fills) and what that next one took in.
            rawSealed.addAndGet(chunk.rawBytes());
            mostHeldBack.accumulateAndGet(bytesRead.get() - rawSealed.get(), Math::max);
            Files.write(chunkDir.resolve(Integer.toString(chunk.index())), chunk.bytes());
            heap.sampleEvery(5, chunk.index());
        };
        PackListener progress = new PackListener() {
            @Override
            public void bytesRead(long bytes) {
                bytesRead.addAndGet(bytes);
            }
        };

        BatchManifest manifest = new BatchPacker(KEY, PackOptions.defaults().withListener(progress)
                .withChunkTarget(new ChunkTarget(MIB))).pack(BatchId.random(), List.of(src), sink);

        assertThat(bytesRead.get()).isEqualTo(50L * MIB);
        assertThat(manifest.chunkCount()).isGreaterThan(20);
        assertThat(mostHeldBack.get()).isLessThan(4L * MIB);
        assertThat(heap.mostRetained).isLessThan(24L * MIB);

        OpenCounter source = new OpenCounter(chunkDir, new HeapWatch());
        RestoreResult result = new BatchRestorer(KEY).restore(manifest, source, EntrySelection.all(),
                tmp.resolve("out"), RestoreOptions.defaults());

        assertThat(result.problems()).isEmpty();
        assertThat(source.mostOpenAtOnce.get()).isEqualTo(1);
        assertThat(source.heap.mostRetained).isLessThan(24L * MIB);
        assertThat(source.opened.get()).isEqualTo(manifest.chunkCount());
        assertThat(sha256(tmp.resolve("out/big/video.bin"))).isEqualTo(sha256);
    }

    /** Alternating incompressible and text-like mebibytes, written block by block; returns the SHA-256. */
    private static String writeMixedFile(Path file, int mebibytes) throws IOException {
        MessageDigest digest = FileContentCopier.sha256();
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < mebibytes; i++) {
                byte[] block = i % 2 == 0 ? TestData.random(MIB, i) : TestData.text(MIB, i);
                digest.update(block);
                out.write(block);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest = FileContentCopier.sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Heap still in use after a collection, above what was in use when watching began: if packing
     * or restoring kept the file (50 MiB) in memory, this would show it.
     */
    private static final class HeapWatch {
        final long baseline = retained();
        long mostRetained;

        void sampleEvery(int n, int chunkIndex) {
            if (chunkIndex % n == n - 1) {
                mostRetained = Math.max(mostRetained, retained() - baseline);
            }
        }

        private static long retained() {
            System.gc();
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }
    }

    /** Chunks read from files, counting how many are open at once. */
    private static final class OpenCounter implements ChunkSource {
        final Path dir;
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger mostOpenAtOnce = new AtomicInteger();
        final HeapWatch heap;

        OpenCounter(Path dir, HeapWatch heap) {
            this.dir = dir;
            this.heap = heap;
        }

        @Override
        public InputStream open(int index) throws IOException {
            heap.sampleEvery(5, index);
            opened.incrementAndGet();
            mostOpenAtOnce.accumulateAndGet(open.incrementAndGet(), Math::max);
            return new FilterInputStream(Files.newInputStream(dir.resolve(Integer.toString(index)))) {
                @Override
                public void close() throws IOException {
                    open.decrementAndGet();
                    super.close();
                }
            };
        }
    }
}
