package dev.dos.core.pack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.core.compress.Compression;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.format.BatchId;
import dev.dos.core.format.BatchManifest;
import dev.dos.core.format.ChunkFormat;
import dev.dos.core.format.ChunkReader;
import dev.dos.core.format.ChunkSource;
import dev.dos.core.format.ChunkTarget;
import dev.dos.core.format.IntegrityException;
import dev.dos.core.format.IntegrityException.Reason;
import dev.dos.core.format.ManifestEntry;
import dev.dos.core.format.MemoryChunkStore;
import dev.dos.core.format.StreamPosition;
import dev.dos.core.format.TestData;
import dev.dos.core.crypto.KeyPurpose;
import dev.dos.core.testing.Reliability;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, hostile input: every byte of a chunk flipped, every truncation, extensions, chunks of
 * another batch (same key) or of our own batch at the wrong index, replays of an earlier upload of
 * the same files. Each attack goes through the two real read paths: the {@link ChunkReader} (what
 * verify, stream and restore decode with) and a {@link BatchRestorer} restore into a directory.
 * Each must be refused as an {@link IntegrityException} naming the attacked chunk, and nothing of
 * the attacked chunk may ever reach the output: the reader releases no byte past the chunks before
 * it, and the restore writes no byte, creates no file and leaves its destination empty.
 */
@Tag(Reliability.TAG)
class HostileChunkTest {
    private static final MasterKey KEY = MasterKey.generate();
    private static final String AREA = "hostile-chunks";

    @TempDir
    Path tmp;
    private Path source;
    private int restores;

    @BeforeEach
    void files() throws IOException {
        source = Files.createDirectories(tmp.resolve("src/docs"));
        Files.write(source.resolve("notes.txt"), TestData.text(3_000, 11));
        Files.write(source.resolve("noise.bin"), TestData.random(2_500, 12));
        Files.write(tmp.resolve("src/readme.txt"), TestData.text(700, 13));
    }

    @Test
    void chunkEveryByteFlipped() throws IOException {
        Batch batch = packBatch(tmp.resolve("src"), 16 * 1024);
        assertThat(batch.chunkCount()).isEqualTo(1);
        byte[] chunk = batch.chunk(0);
        Random random = new Random(7);
        Tally tally = new Tally();
        for (int position = 0; position < chunk.length; position++) {
            int randomMask = 1 + random.nextInt(255);
            for (int mask : new int[] {0x01, 0xff, randomMask}) {
                byte[] damaged = chunk.clone();
                damaged[position] ^= (byte) mask;
                String what = "byte " + position + " ^ 0x" + Integer.toHexString(mask);
                tally.add(what, batch.refusesAtReader(0, damaged, null) && batch.refusesRestore(0, damaged));
            }
        }
        String outcome = tally.trials + " flips (" + chunk.length + " byte positions x 3 masks) of a " + chunk.length
                + "-byte chunk: " + tally.held + " refused with 0 bytes released and no file written";
        recordAndAssert("chunk-every-byte-flipped", "every byte of a chunk XORed with 0x01, 0xff and a random mask",
                tally, outcome, "chunkEveryByteFlipped");
    }

    @Test
    void chunkTruncated() throws IOException {
        Batch batch = packBatch(tmp.resolve("src"), 16 * 1024);
        byte[] chunk = batch.chunk(0);
        Tally tally = new Tally();
        for (int length = 0; length < chunk.length; length++) {
            byte[] cut = Arrays.copyOf(chunk, length);
            tally.add("first " + length + " bytes", batch.refusesAtReader(0, cut, null) && batch.refusesRestore(0, cut));
        }
        // Every chunk of a multi-chunk batch, cut at a few places: refused at that chunk.
        Batch multi = packBatch(tmp.resolve("src"), 1024);
        Random random = new Random(3);
        for (int index = 0; index < multi.chunkCount(); index++) {
            byte[] whole = multi.chunk(index);
            for (int length : new int[] {0, ChunkFormat.HEADER_BYTES, whole.length - 16, whole.length - 1,
                random.nextInt(whole.length)}) {
                byte[] cut = Arrays.copyOf(whole, length);
                tally.add("chunk " + index + " cut to " + length, multi.refusesAtReader(index, cut, null));
            }
        }
        String outcome = tally.trials + " truncations (every length 0.." + (chunk.length - 1) + " of a " + chunk.length
                + "-byte chunk, 5 per chunk of a " + multi.chunkCount() + "-chunk batch): " + tally.held
                + " refused, 0 bytes of the cut chunk released";
        recordAndAssert("chunk-truncated", "a chunk cut to every shorter length", tally, outcome, "chunkTruncated");
    }

    @Test
    void chunkExtended() throws IOException {
        Batch batch = packBatch(tmp.resolve("src"), 1024);
        Random random = new Random(5);
        Tally tally = new Tally();
        int lengths = Reliability.trials(20);
        for (int index = 0; index < batch.chunkCount(); index++) {
            byte[] chunk = batch.chunk(index);
            List<byte[]> tails = new ArrayList<>();
            tails.add(new byte[1]);
            tails.add(new byte[16]);
            tails.add(TestData.random(16, index));
            for (int i = 0; i < lengths; i++) {
                tails.add(TestData.random(1 + random.nextInt(4096), random.nextLong()));
            }
            tails.add(chunk); // the chunk twice over
            tails.add(batch.chunk((index + 1) % batch.chunkCount())); // a second valid chunk
            for (byte[] tail : tails) {
                byte[] extended = concat(chunk, tail);
                tally.add("chunk " + index + " + " + tail.length + " bytes",
                        batch.refusesAtReader(index, extended, null)
                                && batch.refusesRestoreOfChunk(index, extended));
            }
        }
        String outcome = tally.trials + " extensions (1, 16, " + lengths + " random lengths, the chunk itself and the"
                + " next valid chunk appended, on each of " + batch.chunkCount() + " chunks): " + tally.held
                + " refused, 0 bytes of the extended chunk released";
        recordAndAssert("chunk-extended", "bytes appended to a chunk, including a second valid chunk", tally, outcome,
                "chunkExtended");
    }

    @Test
    void chunkSwapped() throws IOException {
        Batch ours = packBatch(tmp.resolve("src"), 1024);
        Files.write(source.resolve("noise.bin"), TestData.random(2_500, 99));
        Batch theirs = packBatch(tmp.resolve("src"), 1024); // another batch, the same key
        Tally tally = new Tally();
        int n = ours.chunkCount();
        for (int index = 0; index < n; index++) {
            for (int from = 0; from < theirs.chunkCount(); from++) {
                byte[] foreign = theirs.chunk(from);
                tally.add("their " + from + " at our " + index,
                        ours.refusesAtReader(index, foreign, EnumSet.of(Reason.WRONG_BATCH)));
                byte[] relabelled = relabel(foreign, ours.id, index, ours.lastFlag(index));
                tally.add("their " + from + " relabelled as our " + index,
                        ours.refusesAtReader(index, relabelled, EnumSet.of(Reason.AUTH_FAILED)));
            }
            tally.add("their " + index + " restored in place of ours",
                    ours.refusesRestoreOfChunk(index, theirs.chunk(Math.min(index, theirs.chunkCount() - 1))));
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                Map<Integer, byte[]> swap = Map.of(i, ours.chunk(j), j, ours.chunk(i));
                tally.add("ours " + i + " <-> " + j, ours.refusesAtReader(i, swap, EnumSet.of(Reason.WRONG_INDEX)));
                Map<Integer, byte[]> relabelled = Map.of(i, relabel(ours.chunk(j), ours.id, i, ours.lastFlag(i)),
                        j, relabel(ours.chunk(i), ours.id, j, ours.lastFlag(j)));
                tally.add("ours " + i + " <-> " + j + " relabelled",
                        ours.refusesAtReader(i, relabelled, EnumSet.of(Reason.AUTH_FAILED)));
            }
        }
        String outcome = tally.trials + " swaps (each of another batch's " + theirs.chunkCount() + " chunks at each of"
                + " our " + n + " indexes, as is and relabelled; every pair of our own chunks exchanged, as is and"
                + " relabelled): " + tally.held + " refused (wrong batch / wrong index / authentication), 0 bytes"
                + " of a swapped chunk released";
        recordAndAssert("chunk-swapped", "a chunk of another batch under the same key, or of our own batch, at"
                + " every index", tally, outcome, "chunkSwapped");
    }

    @Test
    void chunkReplayed() throws IOException {
        Batch ours = packBatch(tmp.resolve("src"), 1024);
        Batch earlier = packBatch(tmp.resolve("src"), 1024); // an earlier upload of the same files
        assertThat(earlier.chunkCount()).isEqualTo(ours.chunkCount());
        Tally tally = new Tally();
        int n = ours.chunkCount();
        for (int index = 0; index < n; index++) {
            // The same chunk served at its own index and again at every other index.
            for (int at = 0; at < n; at++) {
                if (at == index) {
                    continue;
                }
                byte[] replay = ours.chunk(index);
                Map<Integer, byte[]> served = Map.of(at, replay);
                tally.add("ours " + index + " replayed at " + at,
                        ours.refusesAtReader(at, served, EnumSet.of(Reason.WRONG_INDEX)));
                tally.add("ours " + index + " replayed at " + at + " relabelled",
                        ours.refusesAtReader(at, relabel(replay, ours.id, at, ours.lastFlag(at)),
                                EnumSet.of(Reason.AUTH_FAILED)));
            }
            // The same index of an earlier upload of identical content: identical plaintext, other batch.
            byte[] old = earlier.chunk(index);
            tally.add("earlier upload's " + index,
                    ours.refusesAtReader(index, old, EnumSet.of(Reason.WRONG_BATCH)));
            tally.add("earlier upload's " + index + " relabelled",
                    ours.refusesAtReader(index, relabel(old, ours.id, index, ours.lastFlag(index)),
                            EnumSet.of(Reason.AUTH_FAILED)));
            tally.add("earlier upload's " + index + " restored",
                    ours.refusesRestoreOfChunk(index, relabel(old, ours.id, index, ours.lastFlag(index))));
        }
        // Serving the last chunk where the stream should go on, and a chunk past the end.
        tally.add("last chunk replayed early", ours.refusesAtReader(n - 2,
                relabel(ours.chunk(n - 1), ours.id, n - 2, true), EnumSet.of(Reason.AUTH_FAILED)));
        String outcome = tally.trials + " replays (each of " + n + " chunks at every other index, as is and relabelled;"
                + " each chunk of an earlier upload of the same files, as is and relabelled): " + tally.held
                + " refused, 0 bytes of a replayed chunk released";
        recordAndAssert("chunk-replayed", "a chunk served again at another index, or from an earlier upload of the"
                + " same files", tally, outcome, "chunkReplayed");
    }

    private void recordAndAssert(String id, String attack, Tally tally, String outcome, String method) {
        Reliability.record(id, AREA, attack, tally.trials, tally.held, outcome,
                Reliability.mvnTest("core", "HostileChunkTest#" + method));
        assertThat(tally.failures).as(id).isEmpty();
        assertThat(tally.held).isEqualTo(tally.trials);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** {@code chunk} with its clear header rewritten to claim batch {@code id}, index {@code index}. */
    static byte[] relabel(byte[] chunk, BatchId id, int index, boolean last) {
        byte[] out = chunk.clone();
        out[5] = (byte) (last ? 1 : 0);
        ByteBuffer.wrap(out, 6, 4).putInt(index);
        System.arraycopy(id.bytes(), 0, out, 10, BatchId.BYTES);
        return out;
    }

    /** Counts trials and keeps the first few that did not hold. */
    static final class Tally {
        int trials;
        int held;
        final List<String> failures = new ArrayList<>();

        void add(String what, boolean ok) {
            trials++;
            if (ok) {
                held++;
            } else if (failures.size() < 20) {
                failures.add(what);
            }
        }
    }

    /** A RestoreTarget that writes into a real directory and counts everything that reaches it. */
    static final class CountingTarget extends WrappingTarget {
        long bytes;
        int files;
        int dirs;
        int links;

        CountingTarget(Path destination) throws IOException {
            super(new DirectoryTarget(destination, false));
        }

        @Override
        public PendingFile createFile(ManifestEntry entry) throws IOException, EntrySkippedException {
            files++;
            return super.createFile(entry);
        }

        @Override
        protected OutputStream wrap(ManifestEntry entry, OutputStream file) {
            return new FilterOutputStream(file) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    bytes += len;
                    out.write(b, off, len);
                }

                @Override
                public void write(int b) throws IOException {
                    bytes++;
                    out.write(b);
                }
            };
        }

        @Override
        public void createDirectory(ManifestEntry entry) throws IOException, EntrySkippedException {
            dirs++;
            super.createDirectory(entry);
        }

        @Override
        public void createSymlink(ManifestEntry entry) throws IOException, EntrySkippedException {
            links++;
            super.createSymlink(entry);
        }
    }

    /** A real batch of the test files, packed with the real packer, and the tar stream it decodes to. */
    final class Batch {
        final BatchId id;
        final BatchManifest manifest;
        final MemoryChunkStore store;
        final byte[] tar;
        final long[] starts;
        private Path emptyDestination;

        private Batch(BatchId id, BatchManifest manifest, MemoryChunkStore store) throws IOException {
            this.id = id;
            this.manifest = manifest;
            this.store = store;
            this.starts = new long[manifest.chunkCount() + 1];
            for (int i = 0; i < manifest.chunkCount(); i++) {
                starts[i + 1] = starts[i] + manifest.chunks().get(i).rawBytes();
            }
            try (ChunkReader reader = new ChunkReader(key(), store, StreamPosition.START, manifest.chunkCount())) {
                this.tar = reader.readAllBytes();
            }
            assertThat((long) tar.length).isEqualTo(manifest.tarBytes());
        }

        int chunkCount() {
            return manifest.chunkCount();
        }

        byte[] chunk(int index) {
            return store.get(index);
        }

        boolean lastFlag(int index) {
            return index == chunkCount() - 1;
        }

        dev.dos.core.crypto.StreamKey key() {
            return KEY.streamKey(KeyPurpose.BATCH, id.bytes());
        }

        boolean refusesAtReader(int index, byte[] replacement, Set<Reason> reasons) {
            return refusesAtReader(index, Map.of(index, replacement), reasons);
        }

        /**
         * Reads the whole stream with {@code replaced} chunks served instead of ours: it must fail
         * at chunk {@code expected} with an IntegrityException (of one of {@code reasons}, if given),
         * having released only the true bytes of the chunks before it.
         */
        boolean refusesAtReader(int expected, Map<Integer, byte[]> replaced, Set<Reason> reasons) {
            ChunkSource served = index -> {
                byte[] bytes = replaced.containsKey(index) ? replaced.get(index) : store.get(index);
                return new ByteArrayInputStream(bytes);
            };
            ByteArrayOutputStream released = new ByteArrayOutputStream();
            try (ChunkReader reader = new ChunkReader(key(), served, StreamPosition.START, chunkCount())) {
                byte[] buffer = new byte[509];
                for (int n; (n = reader.read(buffer)) >= 0; ) {
                    released.write(buffer, 0, n);
                }
                return false; // read to the end: the attack went unnoticed
            } catch (IntegrityException e) {
                byte[] out = released.toByteArray();
                return e.chunkIndex() == expected && id.equals(e.batchId())
                        && (reasons == null || reasons.contains(e.reason()))
                        && out.length <= starts[expected]
                        && Arrays.equals(out, Arrays.copyOf(tar, out.length));
            } catch (IOException | RuntimeException | Error e) {
                return false; // any other failure is a bug: the format's error is IntegrityException
            }
        }

        /**
         * Restores the whole batch, with chunk {@code index} replaced, into a fresh directory: the
         * restore must report chunk {@code index} damaged, and no byte may reach the destination
         * (this is for a chunk 0, which every entry's bytes come after).
         */
        boolean refusesRestore(int index, byte[] replacement) throws IOException {
            // One destination for all the attacks on this batch: it must still be empty after each.
            if (emptyDestination == null) {
                emptyDestination = Files.createDirectories(tmp.resolve("restore-" + restores++));
            }
            CountingTarget target = new CountingTarget(emptyDestination);
            RestoreResult result = new BatchRestorer(KEY).restore(manifest, served(index, replacement),
                    EntrySelection.all(), target, RestoreListener.NONE);
            boolean empty;
            try (Stream<Path> listing = Files.list(emptyDestination)) {
                empty = listing.findAny().isEmpty();
            }
            return result.damagedChunks().equals(new java.util.TreeSet<>(List.of(index))) && result.restoredEntries() == 0
                    && target.bytes == 0 && target.files == 0 && target.dirs == 0 && target.links == 0 && empty
                    && result.problems().stream().allMatch(p -> p.kind() == RestoreProblem.Kind.DAMAGED);
        }

        /**
         * Restores with chunk {@code index} replaced: entries held by that chunk must be reported
         * damaged and be absent from the destination (no file, no temporary file), the others restored.
         */
        boolean refusesRestoreOfChunk(int index, byte[] replacement) throws IOException {
            Path destination = tmp.resolve("restore-" + restores++);
            RestoreResult result = new BatchRestorer(KEY).restore(manifest, served(index, replacement),
                    EntrySelection.all(), destination, RestoreOptions.defaults());
            boolean held = result.damagedChunks().contains(index);
            for (int i = 0; i < manifest.entries().size(); i++) {
                ManifestEntry entry = manifest.entries().get(i);
                var span = manifest.spanOf(i);
                boolean hit = span.first() <= index && index <= span.last();
                Path restored = EntryPaths.resolve(destination, entry.path());
                if (hit && entry.type() == dev.dos.core.format.EntryType.FILE) {
                    held &= !Files.exists(restored) && result.problems().stream()
                            .anyMatch(p -> p.path().equals(entry.path()) && p.kind() == RestoreProblem.Kind.DAMAGED);
                }
            }
            try (Stream<Path> walk = Files.walk(destination)) {
                held &= walk.noneMatch(p -> p.getFileName().toString().startsWith(".dos-restore-"));
            }
            return held;
        }

        private ChunkSource served(int index, byte[] replacement) {
            return i -> new ByteArrayInputStream(i == index ? replacement : store.get(i));
        }
    }

    private Batch packBatch(Path root, int chunkTarget) throws IOException {
        BatchId id = BatchId.random();
        MemoryChunkStore store = new MemoryChunkStore();
        BatchManifest manifest = new BatchPacker(KEY, PackOptions.defaults().withCompression(Compression.DEFAULT)
                .withChunkTarget(new ChunkTarget(chunkTarget))).pack(id, List.of(root), store);
        return new Batch(id, manifest, store);
    }
}
