package dev.dos.core.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dos.core.crypto.KeyPurpose;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.format.BatchId;
import dev.dos.core.format.BatchManifest;
import dev.dos.core.format.ChunkReader;
import dev.dos.core.format.ChunkTarget;
import dev.dos.core.format.EntryType;
import dev.dos.core.format.IntegrityException;
import dev.dos.core.format.ManifestEntry;
import dev.dos.core.format.MemoryChunkStore;
import dev.dos.core.format.StreamPosition;
import dev.dos.core.format.TestData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link BatchStreamer}: byte ranges of files and the whole tar, over chunks of 4 KiB. */
class StreamRangesTest {
    private static final MasterKey KEY = MasterKey.generate();
    private static final long T = 1_600_000_000_000L;
    private static final String LONG_NAME = "ünïcode-" + "n".repeat(130) + ".dat";

    @TempDir
    Path tmp;
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private MemoryChunkStore store;
    private BatchManifest manifest;
    private BatchStreamer streamer;

    /** A file of ~6 random chunks, text, an empty file, a pax-named file, a folder, a link, and a final file. */
    @BeforeEach
    void pack() throws IOException {
        Path src = tmp.resolve("in/data");
        add(src, "big.bin", TestData.random(23_000, 1));
        add(src, "empty.txt", new byte[0]);
        add(src, "sub/" + LONG_NAME, TestData.random(7_001, 2));
        add(src, "sub/small.txt", "hello\n".getBytes(StandardCharsets.UTF_8));
        add(src, "text.txt", TestData.text(60_000, 3));
        add(src, "zz-last.bin", TestData.random(9_999, 4));
        Trees.symlink(src, "sub/link", "small.txt", T);
        Trees.touchDirectories(src, T);
        store = new MemoryChunkStore();
        manifest = new BatchPacker(KEY, PackOptions.defaults().withChunkTarget(new ChunkTarget(4096)))
                .pack(BatchId.random(), List.of(src), store);
        streamer = new BatchStreamer(KEY, manifest, store);
        assertThat(manifest.entries().getLast().path()).isEqualTo("data/zz-last.bin");
    }

    private void add(Path src, String path, byte[] content) throws IOException {
        Trees.file(src, path, content, "rw-r--r--", T);
        files.put("data/" + path, content);
    }

    @Test
    void rangesAtStartMiddleAndEndAreByteExact() throws IOException {
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            byte[] content = file.getValue();
            int size = content.length;
            List<long[]> ranges = new ArrayList<>(List.of(new long[] {0, size}, new long[] {0, Math.min(100, size)},
                    new long[] {size / 2, Math.min(1000, size - size / 2)}, new long[] {Math.max(0, size - 100),
                        Math.min(100, size)}, new long[] {size, 0}));
            if (size > 0) {
                ranges.add(new long[] {size - 1, 1});
                ranges.add(new long[] {0, 1});
            }
            for (long[] range : ranges) {
                assertThat(range(file.getKey(), range[0], range[1]))
                        .as("%s [%d, +%d)", file.getKey(), range[0], range[1])
                        .isEqualTo(Arrays.copyOfRange(content, (int) range[0], (int) (range[0] + range[1])));
            }
        }
    }

    @Test
    void rangesAcrossEveryChunkBoundaryOfAFileAreByteExact() throws IOException {
        for (String path : List.of("data/big.bin", "data/text.txt")) {
            byte[] content = files.get(path);
            long start = streamer.contentStart(index(path));
            int boundaries = 0;
            for (int c = 1; c < manifest.chunkCount(); c++) {
                long at = chunkStart(c) - start; // content offset of chunk c's first byte
                if (at <= 0 || at >= content.length) {
                    continue;
                }
                boundaries++;
                for (long[] r : List.of(new long[] {at - 1, 2}, new long[] {at - 300, 600}, new long[] {at, 1},
                        new long[] {at - 1, 1})) {
                    long from = Math.max(0, r[0]);
                    long length = Math.min(r[1], content.length - from);
                    assertThat(range(path, from, length)).as("%s around chunk %d", path, c)
                            .isEqualTo(Arrays.copyOfRange(content, (int) from, (int) (from + length)));
                }
            }
            assertThat(boundaries).as(path).isGreaterThanOrEqualTo(path.endsWith("big.bin") ? 5 : 1);
        }
    }

    @Test
    void aRangeFetchesOnlyTheChunksHoldingIt() throws IOException {
        String path = "data/big.bin";
        int size = files.get(path).length;
        ManifestEntry entry = manifest.entries().get(index(path));
        long start = streamer.contentStart(index(path));
        int first = streamer.chunkAt(start);
        int last = streamer.chunkAt(start + size - 1);
        assertThat(last - first + 1).as("chunks holding the file").isGreaterThanOrEqualTo(5);

        // The last 100 bytes: only the chunk(s) holding them, not the header's chunk.
        store.clearOpened();
        range(path, size - 100, 100);
        Set<Integer> expected = chunksBetween(streamer.chunkAt(start + size - 100), last);
        assertThat(new TreeSet<>(store.opened())).isEqualTo(expected).doesNotContain(entry.chunkIndex());
        assertThat(expected.size()).isLessThanOrEqualTo(2);

        // 100 bytes inside one chunk in the middle: exactly that chunk, once.
        int middle = first + 3;
        long inMiddle = chunkStart(middle) - start + 10;
        store.clearOpened();
        range(path, inMiddle, 100);
        assertThat(store.opened()).containsExactly(middle);

        // The whole file: its span, each chunk once.
        store.clearOpened();
        range(path, 0, size);
        assertThat(store.opened()).containsExactlyElementsOf(chunksBetween(entry.chunkIndex(), last));
    }

    @Test
    void anEmptyFileOrRangeReadsNoChunk() throws IOException {
        store.clearOpened();
        assertThat(range("data/empty.txt", 0, 0)).isEmpty();
        assertThat(range("data/big.bin", 500, 0)).isEmpty();
        assertThat(store.opened()).isEmpty();
    }

    @Test
    void aRangeStartingInTheHeaderChunkChecksThePaxHeader() throws IOException {
        String path = "data/sub/" + LONG_NAME;
        int i = index(path);
        ManifestEntry entry = manifest.entries().get(i);
        // the pax header makes this header longer than one record
        assertThat(streamer.contentStart(i) - chunkStart(entry.chunkIndex()) - entry.offset()).isGreaterThan(512);
        store.clearOpened();
        assertThat(range(path, 0, 10)).isEqualTo(Arrays.copyOf(files.get(path), 10));
        assertThat(store.opened().getFirst()).isEqualTo(entry.chunkIndex());
    }

    @Test
    void aManifestThatDisagreesWithTheTarHeaderIsRefused() throws IOException {
        int i = index("data/sub/small.txt");
        List<ManifestEntry> entries = new ArrayList<>(manifest.entries());
        ManifestEntry e = entries.get(i);
        entries.set(i, new ManifestEntry(e.path(), e.type(), e.size() - 1, e.mode(), e.mtimeMillis(), e.sha256(),
                e.linkTarget(), e.chunkIndex(), e.offset()));
        BatchStreamer wrong = new BatchStreamer(KEY, withEntries(entries), store);
        assertThatThrownBy(() -> wrong.writeFile(i, 0, 2, OutputStream.nullOutputStream()))
                .isInstanceOf(IntegrityException.class).hasMessageContaining("small.txt");
    }

    @Test
    void aWholeFileIsCheckedAgainstItsSha256BeforeItsLastBytesAreWritten() throws IOException {
        String path = "data/big.bin";
        int i = index(path);
        List<ManifestEntry> entries = new ArrayList<>(manifest.entries());
        ManifestEntry e = entries.get(i);
        entries.set(i, new ManifestEntry(e.path(), e.type(), e.size(), e.mode(), e.mtimeMillis(), "0".repeat(64),
                e.linkTarget(), e.chunkIndex(), e.offset()));
        BatchStreamer wrong = new BatchStreamer(KEY, withEntries(entries), store);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> wrong.writeFile(i, 0, e.size(), out))
                .isInstanceOf(IntegrityException.class).hasMessageContaining("SHA-256");
        assertThat((long) out.size()).isLessThan(e.size());
        // a part of the file cannot be checked against the file's hash, and is served
        ByteArrayOutputStream part = new ByteArrayOutputStream();
        wrong.writeFile(i, 1, e.size() - 1, part);
        assertThat(part.toByteArray()).isEqualTo(Arrays.copyOfRange(files.get(path), 1, (int) e.size()));
    }

    @Test
    void aDamagedChunkFailsTheRangesThatNeedIt() throws IOException {
        String path = "data/big.bin";
        long start = streamer.contentStart(index(path));
        int damaged = streamer.chunkAt(start) + 2;
        store.change(damaged, bytes -> {
            bytes[bytes.length / 2] ^= 1;
            return bytes;
        });
        long inDamaged = chunkStart(damaged) - start + 5;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> streamer.writeFile(index(path), inDamaged - 3000, 3100, out))
                .isInstanceOf(IntegrityException.class)
                .satisfies(e -> assertThat(((IntegrityException) e).chunkIndex()).isEqualTo(damaged));
        assertThat(out.size()).isLessThan(3100);
        assertThatThrownBy(() -> streamer.writeFile(index(path), 0, files.get(path).length, OutputStream.nullOutputStream()))
                .isInstanceOf(IntegrityException.class);
        // bytes before the damaged chunk still stream
        assertThat(range(path, 0, 100)).isEqualTo(Arrays.copyOf(files.get(path), 100));
        // a missing chunk is an integrity failure too
        store.remove(damaged);
        assertThatThrownBy(() -> streamer.writeFile(index(path), inDamaged, 1, OutputStream.nullOutputStream()))
                .isInstanceOf(IntegrityException.class);
    }

    @Test
    void theTarIsTheUploadedStreamAndParsesToTheSameEntries() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.clearOpened();
        long written = streamer.writeTar(out);
        byte[] tar = out.toByteArray();
        assertThat(written).isEqualTo(manifest.tarBytes()).isEqualTo(tar.length);
        assertThat(store.opened()).containsExactlyElementsOf(chunksBetween(0, manifest.chunkCount() - 1));

        byte[] decoded;
        try (ChunkReader reader = new ChunkReader(KEY.streamKey(KeyPurpose.BATCH, manifest.batchId().bytes()), store,
                StreamPosition.START, manifest.chunkCount())) {
            decoded = reader.readAllBytes();
        }
        assertThat(tar).isEqualTo(decoded);

        List<String> paths = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                String path = TarFormat.pathOf(e);
                paths.add(path);
                if (e.isSymbolicLink()) {
                    assertThat(e.getLinkName()).isEqualTo("small.txt");
                } else if (!e.isDirectory()) {
                    assertThat(in.readAllBytes()).as(path).isEqualTo(files.get(path));
                }
            }
        }
        assertThat(paths).isEqualTo(manifest.entries().stream().map(ManifestEntry::path).toList());
        assertThat(manifest.entries().stream().filter(e -> e.type() == EntryType.FILE).map(ManifestEntry::path))
                .containsExactlyInAnyOrderElementsOf(files.keySet());
    }

    @Test
    void aDamagedChunkCutsTheTarShort() throws IOException {
        int damaged = manifest.chunkCount() / 2;
        store.change(damaged, bytes -> {
            bytes[40] ^= 0x10;
            return bytes;
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> streamer.writeTar(out)).isInstanceOf(IntegrityException.class)
                .satisfies(e -> assertThat(((IntegrityException) e).chunkIndex()).isEqualTo(damaged));
        assertThat((long) out.size()).isLessThanOrEqualTo(chunkStart(damaged));
    }

    @Test
    void aFileWhoseContentDisagreesWithTheManifestCutsTheTarShort() throws IOException {
        int i = index("data/text.txt");
        List<ManifestEntry> entries = new ArrayList<>(manifest.entries());
        ManifestEntry e = entries.get(i);
        entries.set(i, new ManifestEntry(e.path(), e.type(), e.size(), e.mode(), e.mtimeMillis(), "1".repeat(64),
                e.linkTarget(), e.chunkIndex(), e.offset()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> new BatchStreamer(KEY, withEntries(entries), store).writeTar(out))
                .isInstanceOf(IntegrityException.class).hasMessageContaining("text.txt");
        assertThat((long) out.size()).isLessThan(manifest.tarBytes());
    }

    @Test
    void onlyFilesAndRangesInsideThemAreStreamed() {
        int dir = manifest.entries().indexOf(manifest.entries().stream().filter(e -> e.type() == EntryType.DIR)
                .findFirst().orElseThrow());
        int link = manifest.entries().indexOf(manifest.entries().stream().filter(e -> e.type() == EntryType.SYMLINK)
                .findFirst().orElseThrow());
        OutputStream sink = OutputStream.nullOutputStream();
        assertThatThrownBy(() -> streamer.writeFile(dir, 0, 0, sink)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> streamer.writeFile(link, 0, 0, sink)).isInstanceOf(IllegalArgumentException.class);
        int small = index("data/sub/small.txt");
        assertThatThrownBy(() -> streamer.writeFile(small, 0, 7, sink)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> streamer.writeFile(small, 7, 0, sink)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> streamer.writeFile(small, -1, 1, sink)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void chunkLengthsThatDoNotAddUpAreRefused() {
        BatchManifest wrong = new BatchManifest(manifest.batchId(), manifest.createdAt(), manifest.compression(),
                manifest.chunkTargetBytes(), manifest.originalBytes(), manifest.tarBytes() + 1, manifest.chunks(),
                manifest.entries());
        assertThatThrownBy(() -> new BatchStreamer(KEY, wrong, store)).isInstanceOf(IntegrityException.class);
    }

    private byte[] range(String path, long from, long length) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        streamer.writeFile(index(path), from, length, out);
        return out.toByteArray();
    }

    private int index(String path) {
        for (int i = 0; i < manifest.entries().size(); i++) {
            if (manifest.entries().get(i).path().equals(path)) {
                return i;
            }
        }
        throw new AssertionError("no entry " + path);
    }

    private long chunkStart(int chunk) {
        return manifest.chunks().subList(0, chunk).stream().mapToLong(c -> c.rawBytes()).sum();
    }

    private static Set<Integer> chunksBetween(int first, int last) {
        Set<Integer> out = new TreeSet<>();
        for (int c = first; c <= last; c++) {
            out.add(c);
        }
        return out;
    }

    private BatchManifest withEntries(List<ManifestEntry> entries) {
        return new BatchManifest(manifest.batchId(), manifest.createdAt(), manifest.compression(),
                manifest.chunkTargetBytes(), manifest.originalBytes(), manifest.tarBytes(), manifest.chunks(), entries);
    }
}
