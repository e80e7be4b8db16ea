package dev.dos.core.pack;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import dev.dos.core.compress.Codec;
import dev.dos.core.compress.Compression;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.crypto.Sha256;
import dev.dos.core.format.BatchId;
import dev.dos.core.format.BatchManifest;
import dev.dos.core.format.ChunkFormat;
import dev.dos.core.format.EntryType;
import dev.dos.core.format.Forge;
import dev.dos.core.format.ManifestChunk;
import dev.dos.core.format.ManifestCodec;
import dev.dos.core.format.ManifestEntry;
import dev.dos.core.format.MemoryChunkStore;
import dev.dos.core.ops.SyncReport;
import dev.dos.core.pack.HostileStore.Outcome;
import dev.dos.core.pack.RestoreProblem.Kind;
import dev.dos.core.testing.Reliability;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, hostile input: decompression bombs and huge declared sizes, crafted with a valid key,
 * posted, synced and restored by a victim in a child JVM with a {@value #HEAP} heap. Each must be
 * refused (the entry reported, or the batch), the heap must hold (an OutOfMemoryError counts as a
 * failure), nothing may be written outside the destination and no bomb's bytes may stay in it.
 */
@Tag(Reliability.TAG)
class HostileBombTest {
    static final String HEAP = "-Xmx64m";
    private static final MasterKey KEY = MasterKey.generate();
    private static final long MIB = 1 << 20;
    private static final Pattern LINE = Pattern.compile("^BOMB\\|([^|]*)\\|(true|false)\\|(.*)$", Pattern.MULTILINE);

    @TempDir
    Path tmp;

    @Test
    void archiveBombs() throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP, "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), HostileBombTest.class.getName(), tmp.toString(),
                Integer.toString(Reliability.factor()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.log").toFile()).start();
        int code = child.waitFor();
        String log = Files.readString(tmp.resolve("child.log"));
        int trials = 0;
        int held = 0;
        List<String> failures = new ArrayList<>();
        Matcher m = LINE.matcher(log);
        while (m.find()) {
            trials++;
            if (Boolean.parseBoolean(m.group(2))) {
                held++;
            } else {
                failures.add(m.group(1) + ": " + m.group(3));
            }
        }
        Matcher peak = Pattern.compile("^PEAK\\|(\\d+)$", Pattern.MULTILINE).matcher(log);
        String peakMiB = peak.find() ? peak.group(1) : "?";
        if (code != 0) {
            failures.add("child exited " + code);
        }
        Reliability.record("archive-bombs", "hostile-archives", "decompression bombs and huge declared sizes"
                        + " (segments expanding past their length, 2^62-byte files and tar sizes, 100 MiB PAX paths and"
                        + " GNU long names, 200k stray tar entries, manifests declaring 2^62 bytes or expanding past"
                        + " their length, 100 MiB manifest strings, 4 KiB names), synced and restored in a " + HEAP
                        + " JVM", Math.max(trials, 1), held,
                held + "/" + trials + " refused or bounded, peak heap " + peakMiB + " MiB under " + HEAP
                        + ", nothing written outside the destination, no bomb bytes left in it",
                Reliability.mvnTest("core", "HostileBombTest"));
        assertThat(failures).as(log).isEmpty();
        assertThat(trials).as(log).isGreaterThanOrEqualTo(10);
    }

    // ---- the child -----------------------------------------------------------------------------

    /** The child: crafts every bomb, posts them, syncs, restores each; prints one BOMB line each and the peak heap. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int factor = Integer.parseInt(args[1]);
        try (HostileStore store = new HostileStore(dir, KEY)) {
            List<Bomb> bombs = new ArrayList<>();
            bombs.add(segmentExpandingPastItsLength(store, Codec.ZSTD, 512 * MIB * Math.min(factor, 2)));
            bombs.add(segmentExpandingPastItsLength(store, Codec.GZIP, 128 * MIB));
            bombs.add(segmentDeclaringOverTheLimit(store));
            bombs.add(fileOf2p62Bytes(store));
            bombs.add(tarSizeFieldHuge(store));
            bombs.add(hugeExtensionHeader(store, "PAX path", TarConstants.LF_PAX_EXTENDED_HEADER_LC, 100 * MIB));
            bombs.add(hugeExtensionHeader(store, "GNU long name", TarConstants.LF_GNUTYPE_LONGNAME, 100 * MIB));
            bombs.add(hugeExtensionHeader(store, "GNU long link", TarConstants.LF_GNUTYPE_LONGLINK, 100 * MIB));
            // Crafted in this 64 MiB JVM too: at most 2x, as the attacker's side (chunks held in an
            // in-memory remote) runs out of heap well before the victim's restore does (2,000,000 did).
            bombs.add(manyTarEntries(store, 200_000 * Math.min(factor, 2)));
            bombs.add(manifestDeclaring(store, "manifest declaring 2^62 bytes of JSON", 1L << 62, new byte[10]));
            bombs.add(manifestDeclaring(store, "manifest zstd frame expanding 1000x past its declared 100 KiB",
                    100 * 1024, zstd(out -> writeRepeated(out, ' ', 100 * MIB))));
            bombs.add(manifestDeclaring(store, "manifest with a 100 MiB path string", 100 * MIB + 200,
                    zstd(out -> {
                        out.write(("{\"format\":\"dos-manifest\",\"entries\":[{\"path\":\"")
                                .getBytes(StandardCharsets.US_ASCII));
                        writeRepeated(out, 'a', 100 * MIB);
                        out.write("\"}]}".getBytes(StandardCharsets.US_ASCII));
                    })));
            bombs.add(longNames(store));
            SyncReport sync = store.sync();
            System.out.println("SYNC|" + sync.added().size() + " added, issues " + sync.issues().size());
            for (Bomb bomb : bombs) {
                boolean held;
                String seen;
                try {
                    Outcome outcome = store.restore(bomb.id(), store.newDestination("bomb"));
                    long bytesLeft = bytesUnder(outcome.destination());
                    held = outcome.sentinelIntact() && bytesLeft <= bomb.bytesAllowed() && bomb.refused().test(outcome);
                    seen = abbreviate(outcome.seen()) + "; " + bytesLeft + " bytes left in the destination"
                            + (outcome.sentinelIntact() ? "" : "; SANDBOX CHANGED " + outcome.linksOutside());
                } catch (Throwable t) {
                    held = false;
                    seen = "threw " + t;
                }
                System.out.println("BOMB|" + bomb.name() + "|" + held + "|" + seen.replace('\n', ' ').replace('|', '/'));
            }
        }
        long peak = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        System.out.println("PEAK|" + (peak >> 20));
    }

    private static String abbreviate(String text) {
        return text.replaceAll("(.)\\1{40,}", "$1$1$1...");
    }

    /** One bomb: its batch id, the most bytes its restore may leave in the destination, how it must be refused. */
    record Bomb(String name, BatchId id, long bytesAllowed, Predicate<Outcome> refused) {
    }

    interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** A file whose only chunk declares a 64 KiB segment but holds a {@code codec} frame of {@code expands} bytes. */
    static Bomb segmentExpandingPastItsLength(HostileStore store, Codec codec, long expands) throws IOException {
        BatchId id = BatchId.random();
        long declared = 64 * 1024;
        Writer segment = out -> {
            TarArchiveEntry header = new TarArchiveEntry("zeros.bin");
            header.setSize(expands - 512);
            out.write(headerOf(header));
            writeRepeated(out, 0, expands - 512);
        };
        byte[] frame = codec == Codec.ZSTD ? zstd(segment) : gzip(segment);
        byte[] chunk = Forge.chunk(KEY, id, 0, true, codec.id(), declared, frame);
        ManifestEntry file = new ManifestEntry("zeros.bin", EntryType.FILE, expands - 512, 0644, 0,
                Sha256.hex(new byte[0]), null, 0, 0);
        post(store, id, chunk, declared, file);
        return new Bomb(codec.label() + " segment declaring 64 KiB, expanding to " + (expands / MIB) + " MiB ("
                + frame.length + "-byte frame)", id, 0,
                o -> o.reported("zeros.bin", Kind.DAMAGED) && o.seen().contains("longer than declared"));
    }

    /** A chunk declaring a segment over the format's 2^30-byte bound. */
    static Bomb segmentDeclaringOverTheLimit(HostileStore store) throws IOException {
        BatchId id = BatchId.random();
        byte[] chunk = Forge.chunk(KEY, id, 0, true, Codec.ZSTD.id(), ChunkFormat.MAX_SEGMENT_BYTES + 1,
                zstd(out -> writeRepeated(out, 0, 1024)));
        ManifestEntry file = new ManifestEntry("big.bin", EntryType.FILE, 10, 0644, 0, Sha256.hex(new byte[0]), null,
                0, 0);
        post(store, id, chunk, ChunkFormat.MAX_SEGMENT_BYTES, file);
        return new Bomb("segment declaring 2^30 + 1 bytes", id, 0,
                o -> o.reported("big.bin", Kind.DAMAGED) && o.seen().contains("exceeds the size limit"));
    }

    private static void post(HostileStore store, BatchId id, byte[] chunk, long rawBytes, ManifestEntry entry)
            throws IOException {
        MemoryChunkStore chunks = new MemoryChunkStore();
        chunks.put(0, chunk);
        BatchManifest manifest = new BatchManifest(id, Instant.now(), Compression.DEFAULT, 2048, entry.size(),
                rawBytes, List.of(new ManifestChunk(0, chunk.length, rawBytes, Sha256.hex(chunk))), List.of(entry));
        store.post(id, chunks, manifest);
    }

    /** A file of 2^62 bytes in the manifest and its tar header (PAX size), with 64 MiB of zeros behind it. */
    static Bomb fileOf2p62Bytes(HostileStore store) throws IOException {
        CraftedBatch batch = new CraftedBatch(KEY);
        long size = 1L << 62;
        TarArchiveEntry header = new TarArchiveEntry("huge.bin");
        header.setSize(size);
        batch.file("first.txt", "ok".getBytes(StandardCharsets.UTF_8));
        batch.raw(out -> {
            out.write(headerOf(header));
            writeRepeated(out, 0, 64 * MIB);
        }, new ManifestEntry("huge.bin", EntryType.FILE, size, 0644, 0, Sha256.hex(new byte[0]), null, 0, 0));
        store.post(batch, batch.finish());
        return new Bomb("file of 2^62 bytes (manifest and PAX size agree)", batch.id, 2,
                o -> o.reported("huge.bin", Kind.NO_SPACE) && o.seen().contains("are free at the destination"));
    }

    /** A tar header whose size field says 2^62 (base-256) where the manifest says 5 bytes. */
    static Bomb tarSizeFieldHuge(HostileStore store) throws IOException {
        CraftedBatch batch = new CraftedBatch(KEY);
        byte[] header = new byte[512];
        TarArchiveEntry entry = new TarArchiveEntry("five.txt");
        entry.setSize(5);
        entry.setModTime(0); // whole seconds: no PAX header, the ustar record comes first
        System.arraycopy(HostileArchiveTest.tarBytes(List.of(entry), List.of("12345".getBytes(StandardCharsets.UTF_8))),
                0, header, 0, 512);
        header[124] = (byte) 0x80; // base-256: 2^62
        for (int i = 125; i < 136; i++) {
            header[i] = 0;
        }
        header[128] = 0x40;
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += i >= 148 && i < 156 ? ' ' : header[i] & 0xff;
        }
        byte[] checksum = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(checksum, 0, header, 148, 8);
        batch.raw(out -> {
            out.write(header);
            writeRepeated(out, 'x', 4 * MIB);
        }, new ManifestEntry("five.txt", EntryType.FILE, 5, 0644, 0, Sha256.hex("12345".getBytes(StandardCharsets.UTF_8)),
                null, 0, 0));
        store.post(batch, batch.finish());
        return new Bomb("tar size field of 2^62 where the manifest says 5", batch.id, 0,
                o -> o.reported("five.txt", Kind.DAMAGED) && o.seen().contains("does not match the manifest"));
    }

    /** A PAX header or GNU long name/link entry of {@code bytes}, then the file the manifest lists. */
    static Bomb hugeExtensionHeader(HostileStore store, String what, byte type, long bytes) throws IOException {
        CraftedBatch batch = new CraftedBatch(KEY);
        batch.raw(out -> {
            TarArchiveEntry meta = new TarArchiveEntry("././@LongLink", type);
            meta.setSize(bytes);
            out.write(headerOf(meta));
            String prefix = type == TarConstants.LF_PAX_EXTENDED_HEADER_LC ? bytes + " path=" : "";
            out.write(prefix.getBytes(StandardCharsets.US_ASCII));
            writeRepeated(out, 'a', bytes - prefix.length() - 1);
            out.write('\n');
            long padding = (512 - bytes % 512) % 512;
            writeRepeated(out, 0, padding);
            TarArchiveEntry file = new TarArchiveEntry("x.txt");
            file.setSize(2);
            out.write(HostileArchiveTest.tarBytes(List.of(file), List.of("ok".getBytes(StandardCharsets.UTF_8))));
        }, new ManifestEntry("x.txt", EntryType.FILE, 2, 0644, 0, Sha256.hex("ok".getBytes(StandardCharsets.UTF_8)),
                null, 0, 0));
        store.post(batch, batch.finish());
        return new Bomb(what + " of " + (bytes / MIB) + " MiB", batch.id, 0,
                o -> o.reported("x.txt", Kind.DAMAGED) && o.seen().contains("exceed " + BoundedTarInputStream.MAX_HEADER_BYTES));
    }

    /** One entry the manifest lists, then {@code count} tar entries it does not. */
    static Bomb manyTarEntries(HostileStore store, int count) throws IOException {
        CraftedBatch batch = new CraftedBatch(KEY);
        batch.file("listed.txt", "ok".getBytes(StandardCharsets.UTF_8));
        batch.raw(out -> {
            byte[] record = HostileArchiveTest.tarBytes(List.of(new TarArchiveEntry("stray")), List.of(new byte[0]));
            for (int i = 0; i < count; i++) {
                out.write(record);
            }
        }, new ManifestEntry("listed.txt", EntryType.FILE, 0, 0644, 0, null, null, 0, 0)) ;
        BatchManifest crafted = batch.finish();
        // The raw records are not an entry of their own: keep only the listed file.
        BatchManifest manifest = new BatchManifest(crafted.batchId(), crafted.createdAt(), crafted.compression(),
                crafted.chunkTargetBytes(), 2, crafted.tarBytes(), crafted.chunks(), crafted.entries().subList(0, 1));
        store.post(batch, manifest);
        return new Bomb(count + " tar entries beyond the manifest's one", batch.id, 2,
                o -> o.refusal() == null && o.result().restoredEntries() == 1 && o.result().problems().isEmpty()
                        && onlyFile(o.destination(), "listed.txt"));
    }

    /** A manifest envelope declaring {@code declared} bytes of JSON around {@code zstdPayload}. */
    static Bomb manifestDeclaring(HostileStore store, String what, long declared, byte[] zstdPayload)
            throws IOException {
        CraftedBatch batch = new CraftedBatch(KEY).file("f.txt", "ok".getBytes(StandardCharsets.UTF_8));
        BatchManifest manifest = batch.finish();
        store.post(batch.id, batch.store, manifest,
                Forge.manifest(KEY, batch.id, Codec.ZSTD.id(), declared, zstdPayload));
        return new Bomb(what, batch.id, 0, o -> o.refusal() != null && !Files.exists(o.destination()));
    }

    /** Names of 4,096 and 300 bytes: the manifest, the tar (PAX) and the file system disagree gracefully. */
    static Bomb longNames(HostileStore store) throws IOException {
        CraftedBatch batch = new CraftedBatch(KEY);
        String longPath = "d/" + "n".repeat(4096);
        String longSegment = "s".repeat(300);
        batch.file(longPath, "ok".getBytes(StandardCharsets.UTF_8)).file(longSegment, "ok".getBytes(StandardCharsets.UTF_8));
        store.post(batch, batch.finish());
        return new Bomb("names of 4,096 and 300 bytes", batch.id, 0,
                o -> o.reported(longPath, Kind.WRITE_FAILED) && o.reported(longSegment, Kind.WRITE_FAILED));
    }

    static boolean onlyFile(Path destination, String name) {
        try (var walk = Files.walk(destination)) {
            return walk.filter(Files::isRegularFile).map(p -> destination.relativize(p).toString()).toList()
                    .equals(List.of(name));
        } catch (IOException e) {
            return false;
        }
    }

    static long bytesUnder(Path destination) throws IOException {
        if (!Files.exists(destination)) {
            return 0;
        }
        try (var walk = Files.walk(destination)) {
            long total = 0;
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                total += Files.size(p);
            }
            return total;
        }
    }

    /** The header record(s) of {@code entry} (a PAX header first if its size or name needs one), no content. */
    static byte[] headerOf(TarArchiveEntry entry) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        org.apache.commons.compress.archivers.tar.TarArchiveOutputStream tar =
                new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(bytes, 512, "UTF-8");
        tar.setBigNumberMode(org.apache.commons.compress.archivers.tar.TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setLongFileMode(org.apache.commons.compress.archivers.tar.TarArchiveOutputStream.LONGFILE_POSIX);
        tar.putArchiveEntry(entry);
        tar.flush();
        return bytes.toByteArray();
    }

    static byte[] gzip(Writer writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(bytes, 64 * 1024)) {
            writer.write(out);
        }
        return bytes.toByteArray();
    }

    static byte[] zstd(Writer writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZstdOutputStreamNoFinalizer out = new ZstdOutputStreamNoFinalizer(bytes, 3)) {
            writer.write(out);
        }
        return bytes.toByteArray();
    }

    static void writeRepeated(OutputStream out, int value, long count) throws IOException {
        byte[] block = new byte[64 * 1024];
        java.util.Arrays.fill(block, (byte) value);
        for (long left = count; left > 0; left -= block.length) {
            out.write(block, 0, (int) Math.min(block.length, left));
        }
    }
}
