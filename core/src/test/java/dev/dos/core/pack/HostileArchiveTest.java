package dev.dos.core.pack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.core.crypto.MasterKey;
import dev.dos.core.format.BatchManifest;
import dev.dos.core.format.EntryType;
import dev.dos.core.format.ManifestEntry;
import dev.dos.core.ops.SyncReport;
import dev.dos.core.pack.HostileStore.Outcome;
import dev.dos.core.pack.RestoreProblem.Kind;
import dev.dos.core.testing.Reliability;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, hostile input: malicious batches crafted with a valid key (what an attacker holding a
 * copy of the key file could post to the shared server) are synced and restored by a victim
 * through the real sync and {@code RestoreOperation} over an in-memory remote. For each variant
 * the restore must refuse (the whole batch with an {@link UnsafePathException}, or the entry with
 * a reported problem, in one line), nothing outside the destination may change (the rest of the
 * sandbox is compared, content hashes and link counts included, before and after), and no symlink
 * in the destination may lead outside it.
 */
@Tag(Reliability.TAG)
class HostileArchiveTest {
    private static final MasterKey KEY = MasterKey.generate();
    private static final byte[] PAYLOAD = "pwned".getBytes(StandardCharsets.UTF_8);
    private static final String AREA = "hostile-archives";

    @TempDir
    Path tmp;
    private HostileStore store;
    private final List<Variant> variants = new ArrayList<>();

    @BeforeEach
    void scene() throws IOException {
        store = new HostileStore(tmp, KEY);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void archiveAbsolutePaths() throws IOException {
        String target = store.outside.resolve("pwned-a1.txt").toString();
        variant("manifest and tar name absolute", fileNamed(target, target), o -> o.refusedUnsafe());
        variant("tar name absolute, manifest relative",
                fileNamed(store.outside.resolve("pwned-a2.txt").toString(), "pwned-a2.txt"), o -> o.refusedUnsafe());
        variant("manifest path absolute, tar relative",
                fileNamed("pwned-a3.txt", store.outside.resolve("pwned-a3.txt").toString()), o -> o.refusedUnsafe());
        String longName = store.outside.resolve("pwned-" + "x".repeat(150) + ".txt").toString();
        variant("absolute name in a PAX path header", fileNamed(longName, longName), o -> o.refusedUnsafe());
        variant("absolute directory", crafted(b -> b.add(absolute(store.outside.resolve("pwned-dir") + "/",
                TarConstants.LF_DIR), new byte[0], store.outside.resolve("pwned-dir").toString(), EntryType.DIR, null)),
                o -> o.refusedUnsafe());
        variant("symlink to an absolute path, then a file through it", crafted(b -> b
                        .symlink("abs", store.outside.toString()).file("abs/pwned-a6.txt", PAYLOAD)),
                o -> o.reported("abs", Kind.REFUSED) && !Files.isSymbolicLink(o.destination().resolve("abs")));
        runCase("archive-absolute-paths", "entries with absolute paths (manifest, tar name, PAX path, symlink target)",
                "archiveAbsolutePaths");
    }

    @Test
    void archiveDotDot() throws IOException {
        variant("../ in manifest and tar", file("../pwned-d1.txt"), o -> o.refusedUnsafe());
        variant("a/../../ in manifest and tar", file("a/../../pwned-d2.txt"), o -> o.refusedUnsafe());
        variant("../ in the tar name only", fileNamed("../pwned-d3.txt", "pwned-d3.txt"), o -> o.refusedUnsafe());
        variant("'..' as the manifest path", fileNamed("d4.txt", ".."), o -> o.refusedUnsafe());
        variant("../ in a PAX path header", file("../" + "y".repeat(150) + "-pwned-d5.txt"), o -> o.refusedUnsafe());
        variant("../ directory", crafted(b -> b.dir("../pwned-d6")), o -> o.refusedUnsafe());
        variant("./../ prefix", file("./../pwned-d7.txt"), o -> o.refusedUnsafe());
        variant("../ hidden after a harmless first entry", crafted(b -> b.file("fine.txt", PAYLOAD)
                .add(named("../pwned-d8.txt", PAYLOAD.length), PAYLOAD, "sub/pwned-d8.txt", EntryType.FILE, null)),
                o -> o.refusedUnsafe());
        variant("symlink climbing out with ../, then a file through it", crafted(b -> b
                        .symlink("up", "../../outside").file("up/pwned-d9.txt", PAYLOAD)),
                o -> o.reported("up", Kind.REFUSED));
        runCase("archive-dot-dot", "entries with '..' segments (manifest, tar name, PAX path, directories, symlinks)",
                "archiveDotDot");
    }

    @Test
    void archiveSymlinkWriteThrough() throws IOException {
        variant("symlink pointing outside, then a file through it", crafted(b -> b
                        .symlink("escape", "../outside").file("escape/pwned-s1.txt", PAYLOAD)),
                o -> o.reported("escape", Kind.REFUSED));
        variant("symlink pointing inside, then a file through it", crafted(b -> b.dir("sub")
                        .symlink("alias", "sub").file("alias/pwned-s2.txt", PAYLOAD)),
                o -> o.reported("alias/pwned-s2.txt", Kind.REFUSED)
                        && !Files.exists(o.destination().resolve("sub/pwned-s2.txt")));
        Path preDestination = store.newDestination("pre-existing-link");
        Files.createDirectories(preDestination);
        Files.createSymbolicLink(preDestination.resolve("pre"), store.outside);
        variant("a file through a symlink already in the destination", preDestination,
                crafted(b -> b.file("pre/pwned-s3.txt", PAYLOAD).file("fine.txt", PAYLOAD)),
                o -> o.reported("pre/pwned-s3.txt", Kind.REFUSED));
        Path through = store.newDestination("link-through-existing-link");
        Files.createDirectories(through);
        Files.createSymbolicLink(through.resolve("pre"), store.outside);
        variant("a symlink through a symlink already in the destination", through,
                crafted(b -> b.symlink("via", "pre/target.txt")), o -> o.reported("via", Kind.REFUSED));
        variant("link chain a -> ., then b -> a/.. (lexically inside, physically the parent)", crafted(b -> b
                        .symlink("a", ".").symlink("b", "a/..").file("b/outside/pwned-s5.txt", PAYLOAD)),
                o -> o.reported("b", Kind.REFUSED));
        variant("link chain in the other order: b -> a/.. before a -> .", crafted(b -> b
                        .symlink("b", "a/..").symlink("a", ".").file("b/outside/pwned-s6.txt", PAYLOAD)),
                o -> o.reported("b", Kind.REFUSED));
        variant("a symlink over an existing directory's name, then a file under it", crafted(b -> b.dir("d")
                        .file("d/ok.txt", PAYLOAD).symlink("d", "../outside").file("d/pwned-s7.txt", PAYLOAD)),
                o -> o.reported("d", Kind.REFUSED, Kind.EXISTS));
        runCase("archive-symlink-write-through", "symlinks created (or already present) then written through,"
                + " link chains that resolve outside", "archiveSymlinkWriteThrough");
    }

    @Test
    void archiveHardLinks() throws IOException {
        for (String linkTarget : List.of("../../outside/target.txt", store.outside.resolve("target.txt").toString(),
                "first.txt", "/etc/passwd")) {
            variant("hard link to " + linkTarget, crafted(b -> {
                TarArchiveEntry entry = new TarArchiveEntry("innocent", TarConstants.LF_LINK);
                entry.setLinkName(linkTarget);
                b.file("first.txt", PAYLOAD).add(entry, new byte[0], "innocent", EntryType.FILE, null);
            }), o -> o.refusedUnsafe() && !Files.exists(o.destination().resolve("innocent"), LinkOption.NOFOLLOW_LINKS));
        }
        variant("hard link claimed as a symlink in the manifest", crafted(b -> {
            TarArchiveEntry entry = new TarArchiveEntry("innocent", TarConstants.LF_LINK);
            entry.setLinkName(store.outside.resolve("target.txt").toString());
            b.add(entry, new byte[0], "innocent", EntryType.SYMLINK, store.outside.resolve("target.txt").toString());
        }), o -> o.refusedUnsafe());
        runCase("archive-hard-links", "tar hard links to files outside (relative, absolute) and inside",
                "archiveHardLinks");
    }

    @Test
    void archiveDeviceFiles() throws IOException {
        for (byte type : new byte[] {TarConstants.LF_CHR, TarConstants.LF_BLK, TarConstants.LF_FIFO,
            TarConstants.LF_CONTIG, TarConstants.LF_GNUTYPE_SPARSE, (byte) 'Z'}) {
            variant("tar type '" + (char) type + "'", crafted(b -> {
                TarArchiveEntry entry = new TarArchiveEntry("node", type);
                if (type == TarConstants.LF_CHR || type == TarConstants.LF_BLK) {
                    entry.setDevMajor(type == TarConstants.LF_CHR ? 1 : 8);
                    entry.setDevMinor(type == TarConstants.LF_CHR ? 3 : 0);
                }
                b.file("first.txt", PAYLOAD).add(entry, new byte[0], "node", EntryType.FILE, null);
            }), o -> o.refusedUnsafe() && !Files.exists(o.destination().resolve("node"), LinkOption.NOFOLLOW_LINKS));
        }
        for (long realSize : new long[] {1_000_000_000L, 1L << 40}) {
            variant("PAX sparse file of " + realSize + " bytes (GNU.sparse.* headers on a regular entry)", crafted(b -> {
                TarArchiveEntry pax = new TarArchiveEntry("././@PaxHeader", TarConstants.LF_PAX_EXTENDED_HEADER_LC);
                byte[] records = (paxRecord("GNU.sparse.numblocks", "1")
                        + paxRecord("GNU.sparse.map", "0," + PAYLOAD.length)
                        + paxRecord("GNU.sparse.size", Long.toString(realSize))).getBytes(StandardCharsets.UTF_8);
                pax.setSize(records.length);
                TarArchiveEntry node = new TarArchiveEntry("node");
                node.setSize(PAYLOAD.length);
                b.raw(tarBytes(List.of(pax, node), List.of(records, PAYLOAD)), new ManifestEntry("node", EntryType.FILE,
                        PAYLOAD.length, 0644, 0, Trees.sha256(PAYLOAD), null, 0, 0));
            }), o -> (o.refusedUnsafe() || realSize > Integer.MAX_VALUE && o.reported("node", Kind.DAMAGED))
                    && !Files.exists(o.destination().resolve("node"), LinkOption.NOFOLLOW_LINKS));
        }
        runCase("archive-device-files", "character and block devices, FIFOs, contiguous, sparse and unknown entry"
                + " types", "archiveDeviceFiles");
    }

    /** One PAX extended header record: "<length> <key>=<value>\n", the length counting itself. */
    static String paxRecord(String key, String value) {
        String body = " " + key + "=" + value + "\n";
        int length = body.length();
        while (Integer.toString(length).length() + body.length() != length) {
            length = Integer.toString(length).length() + body.length();
        }
        return length + body;
    }

    /** Tar records for {@code entries} as written, one after the other, without the end-of-archive. */
    static byte[] tarBytes(List<TarArchiveEntry> entries, List<byte[]> contents) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, 512, "UTF-8");
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        for (int i = 0; i < entries.size(); i++) {
            tar.putArchiveEntry(entries.get(i));
            tar.write(contents.get(i));
            tar.closeArchiveEntry();
        }
        tar.flush();
        return out.toByteArray();
    }

    // ---- variants ------------------------------------------------------------------------------

    /** How to craft one batch. */
    interface Craft {
        void into(CraftedBatch batch) throws IOException;
    }

    private record Variant(String name, CraftedBatch batch, Path destination, Predicate<Outcome> refused) {
    }

    private void variant(String name, CraftedBatch batch, Predicate<Outcome> refused) {
        variants.add(new Variant(name, batch, store.newDestination("v" + variants.size()), refused));
    }

    private void variant(String name, Path destination, CraftedBatch batch, Predicate<Outcome> refused) {
        variants.add(new Variant(name, batch, destination, refused));
    }

    private CraftedBatch crafted(Craft craft) throws IOException {
        CraftedBatch batch = new CraftedBatch(KEY);
        craft.into(batch);
        return batch;
    }

    private CraftedBatch file(String path) throws IOException {
        return fileNamed(path, path);
    }

    private CraftedBatch fileNamed(String tarName, String manifestPath) throws IOException {
        return crafted(b -> b.add(named(tarName, PAYLOAD.length), PAYLOAD, manifestPath, EntryType.FILE, null));
    }

    private static TarArchiveEntry named(String tarName, long size) {
        TarArchiveEntry entry = absolute(tarName, TarConstants.LF_NORMAL);
        entry.setSize(size);
        return entry;
    }

    /** A tar entry keeping its name as given (Commons Compress strips a leading '/' unless told not to). */
    private static TarArchiveEntry absolute(String name, byte type) {
        return new TarArchiveEntry(name, type, true);
    }

    /** Posts every variant, lets the victim sync once, restores each and records the case. */
    private void runCase(String id, String attack, String method) throws IOException {
        List<BatchManifest> manifests = new ArrayList<>();
        for (Variant v : variants) {
            BatchManifest manifest = v.batch().finish();
            manifests.add(manifest);
            store.post(v.batch(), manifest);
        }
        SyncReport sync = store.sync();
        assertThat(sync.added()).hasSize(variants.size());
        int held = 0;
        List<String> failures = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (Variant v : variants) {
            Outcome outcome = store.restore(v.batch().id, v.destination());
            boolean ok = outcome.sentinelIntact() && v.refused().test(outcome) && nothingPwnedOutside();
            held += ok ? 1 : 0;
            if (!ok) {
                failures.add(v.name() + ": " + outcome.seen() + (outcome.sentinelIntact() ? ""
                        : " SANDBOX CHANGED " + diff(outcome.before(), outcome.after()) + " links " + outcome.linksOutside()));
            }
            seen.add(outcome.refusal() != null ? "batch refused" : "entry refused");
        }
        long wholeBatch = seen.stream().filter("batch refused"::equals).count();
        String outcome = held + "/" + variants.size() + " crafted batches refused (" + wholeBatch
                + " as a whole, unsafe; " + (variants.size() - wholeBatch) + " by reporting and skipping the entry);"
                + " sandbox outside the destination unchanged in each, no symlink leading outside";
        Reliability.record(id, AREA, attack + ", posted with a valid key, synced and restored", variants.size(),
                held, outcome, Reliability.mvnTest("core", "HostileArchiveTest#" + method));
        assertThat(failures).isEmpty();
    }

    /** No file named pwned* anywhere in the sandbox except inside restore destinations. */
    private boolean nothingPwnedOutside() throws IOException {
        try (var walk = Files.walk(store.sandbox)) {
            return walk.filter(p -> p.getFileName().toString().startsWith("pwned"))
                    .allMatch(p -> !p.equals(store.sandbox)
                            && store.sandbox.relativize(p).getName(0).toString().startsWith("dest-"));
        }
    }

    private static String diff(Map<String, String> before, Map<String, String> after) {
        List<String> changes = new ArrayList<>();
        before.forEach((k, v) -> {
            if (!v.equals(after.get(k))) {
                changes.add(k + ": " + v + " -> " + after.get(k));
            }
        });
        after.keySet().stream().filter(k -> !before.containsKey(k)).forEach(k -> changes.add("+" + k));
        return changes.toString();
    }
}
