package dev.dos.core.pack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.core.crypto.MasterKey;
import dev.dos.core.format.BatchId;
import dev.dos.core.format.BatchManifest;
import dev.dos.core.format.ChunkTarget;
import dev.dos.core.format.ManifestEntry;
import dev.dos.core.format.MemoryChunkStore;
import dev.dos.core.format.TestData;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk filling up in the middle of a file's temporary copy (another program took the space
 * after the restore looked): the kernel's ENOSPC is simulated on the write, everything else is a
 * real {@link DirectoryTarget}. The app's DiskFullTest fills a real tmpfs, where the free-space
 * check before each file or the inodes running out stop a restore first.
 */
class NoSpaceRestoreTest {
    private static final MasterKey KEY = MasterKey.generate();

    @TempDir
    Path tmp;

    /** A directory target whose file writes fail as a full disk's do once {@code budget} bytes are written. */
    private static RestoreTarget fillingAfter(DirectoryTarget real, long budget) {
        long[] left = {budget};
        return new WrappingTarget(real) {
            @Override
            protected OutputStream wrap(ManifestEntry entry, OutputStream file) {
                return new FilterOutputStream(file) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        if (len > left[0]) {
                            out.write(b, off, (int) left[0]); // what fitted is on disk, as with a real ENOSPC
                            left[0] = 0;
                            throw new IOException("No space left on device");
                        }
                        left[0] -= len;
                        out.write(b, off, len);
                    }
                };
            }
        };
    }

    @Test
    void aFileCutShortByAFullDiskIsRemovedAndNamedAsNoSpaceAndTheOthersAreWhole() throws IOException {
        Path src = tmp.resolve("in/data");
        Files.createDirectories(src);
        for (int i = 0; i < 6; i++) {
            Files.write(src.resolve("file" + i + ".bin"), TestData.random(30_000 + i, i));
        }
        MemoryChunkStore store = new MemoryChunkStore();
        BatchManifest manifest = new BatchPacker(KEY, PackOptions.defaults().withChunkTarget(new ChunkTarget(8192)))
                .pack(BatchId.random(), List.of(src), store);
        Path out = tmp.resolve("out");

        // Room for two files and part of the third.
        RestoreResult result = new BatchRestorer(KEY).restore(manifest, store, EntrySelection.all(),
                fillingAfter(new DirectoryTarget(out, false), 75_000), RestoreListener.NONE);

        assertThat(result.problems()).isNotEmpty().allSatisfy(p -> {
            assertThat(p.kind()).isEqualTo(RestoreProblem.Kind.NO_SPACE);
            assertThat(p.message()).isEqualTo("no space left on device at the destination; not written");
        });
        assertThat(result.problems().getFirst().path()).isEqualTo("data/file2.bin");
        assertThat(result.hasFailures()).isTrue();
        try (Stream<Path> files = Files.walk(out)) {
            List<Path> written = files.filter(Files::isRegularFile).toList();
            // No partial copy under any name; what is there is whole.
            assertThat(written).extracting(p -> p.getFileName().toString())
                    .containsExactlyInAnyOrder("file0.bin", "file1.bin");
            for (Path p : written) {
                assertThat(Files.mismatch(p, src.resolve(p.getFileName()))).isEqualTo(-1L);
            }
        }
    }
}
