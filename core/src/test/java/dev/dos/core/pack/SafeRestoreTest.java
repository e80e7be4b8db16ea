package dev.dos.core.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dos.core.crypto.MasterKey;
import dev.dos.core.format.BatchManifest;
import dev.dos.core.format.EntryType;
import dev.dos.core.format.ManifestEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batches crafted with a valid key cannot make a restore write outside its destination. */
class SafeRestoreTest {
    private static final MasterKey KEY = MasterKey.generate();
    private static final byte[] PAYLOAD = "pwned".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;
    private Path destination;
    private Path outside;

    @BeforeEach
    void layout() throws IOException {
        destination = tmp.resolve("restore/here");
        outside = Files.createDirectories(tmp.resolve("outside"));
    }

    @Test
    void manifestPathsThatEscapeRefuseTheWholeBatchBeforeWriting() throws IOException {
        for (String path : List.of("../evil", "/abs/evil", "a/../../evil", "a//b", "./a", "a/.", "", "a\0b")) {
            CraftedBatch batch = new CraftedBatch(KEY).file("harmless.txt", PAYLOAD);
            ManifestEntry claim = new ManifestEntry(path, EntryType.FILE, 0, 0644, 0, Trees.sha256(new byte[0]), null,
                    0, 2048);
            BatchManifest manifest = withExtraEntry(batch.finish(), claim);

            assertThatThrownBy(() -> restore(manifest, batch)).as(path).isInstanceOf(UnsafePathException.class);
            assertThat(destination).as(path).doesNotExist();
        }
    }

    @Test
    void tarNamesThatEscapeAreRefusedEvenIfTheManifestLooksFine() throws IOException {
        for (String tarName : List.of("../evil.txt", "/tmp/evil.txt", "ok/../../evil.txt")) {
            TarArchiveEntry entry = new TarArchiveEntry(tarName, true);
            entry.setSize(PAYLOAD.length);
            CraftedBatch batch = new CraftedBatch(KEY).add(entry, PAYLOAD, "evil.txt", EntryType.FILE, null);

            BatchManifest manifest = batch.finish();

            assertThatThrownBy(() -> restore(manifest, batch)).as(tarName).isInstanceOf(UnsafePathException.class);
            assertNothingOutside();
        }
    }

    @Test
    void hardLinksDevicesAndFifosAreRefused() throws IOException {
        for (byte type : new byte[] {TarConstants.LF_LINK, TarConstants.LF_CHR, TarConstants.LF_BLK,
            TarConstants.LF_FIFO}) {
            TarArchiveEntry entry = new TarArchiveEntry("innocent", type);
            if (type == TarConstants.LF_LINK) {
                entry.setLinkName("../../../etc/passwd");
            }
            CraftedBatch batch = new CraftedBatch(KEY).file("first.txt", PAYLOAD)
                    .add(entry, new byte[0], "innocent", EntryType.FILE, null);
            BatchManifest manifest = batch.finish();

            assertThatThrownBy(() -> restore(manifest, batch)).as("type %c", (char) type)
                    .isInstanceOf(UnsafePathException.class).hasMessageContaining("never restored");
            assertThat(destination.resolve("innocent")).doesNotExist();
        }
    }

    @Test
    void symlinksPointingOutsideAreNotCreatedAndNothingLandsOutside() throws IOException {
        CraftedBatch batch = new CraftedBatch(KEY)
                .symlink("escape", "../../outside")
                .file("escape/pwned.txt", PAYLOAD)
                .symlink("absolute", outside.toString())
                .file("absolute/pwned.txt", PAYLOAD)
                .symlink("inside", ".");
        BatchManifest manifest = batch.finish();

        RestoreResult result = restore(manifest, batch);

        assertNothingOutside();
        assertThat(result.problems()).extracting(RestoreProblem::path).containsExactly("escape", "absolute");
        assertThat(result.problems()).allSatisfy(p -> assertThat(p.kind()).isEqualTo(RestoreProblem.Kind.REFUSED));
        assertThat(Files.isSymbolicLink(destination.resolve("escape"))).isFalse();
        assertThat(Files.isSymbolicLink(destination.resolve("inside"))).isTrue();
        assertThat(destination.resolve("escape/pwned.txt")).hasBinaryContent(PAYLOAD);
    }

    @Test
    void nothingIsWrittenThroughASymlinkTheBatchCreated() throws IOException {
        Files.createDirectories(destination.resolve("sub"));
        CraftedBatch batch = new CraftedBatch(KEY)
                .symlink("alias", "sub")
                .file("alias/through.txt", PAYLOAD);
        BatchManifest manifest = batch.finish();

        RestoreResult result = restore(manifest, batch);

        assertThat(Files.isSymbolicLink(destination.resolve("alias"))).isTrue();
        assertThat(destination.resolve("sub/through.txt")).doesNotExist();
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("alias/through.txt");
            assertThat(p.kind()).isEqualTo(RestoreProblem.Kind.REFUSED);
        });
    }

    @Test
    void nothingIsWrittenThroughASymlinkAlreadyInTheDestination() throws IOException {
        Files.createDirectories(destination);
        Files.createSymbolicLink(destination.resolve("pre"), outside);
        CraftedBatch batch = new CraftedBatch(KEY).file("pre/pwned.txt", PAYLOAD).file("fine.txt", PAYLOAD);
        BatchManifest manifest = batch.finish();

        RestoreResult result = restore(manifest, batch);

        assertNothingOutside();
        assertThat(result.problems()).extracting(RestoreProblem::path).containsExactly("pre/pwned.txt");
        assertThat(destination.resolve("fine.txt")).hasBinaryContent(PAYLOAD);
    }

    @Test
    void anExistingSymlinkIsNotReplacedByAFileUnlessOverwriting() throws IOException {
        Files.createDirectories(destination);
        Path target = Files.writeString(outside.resolve("target.txt"), "keep");
        Files.createSymbolicLink(destination.resolve("name.txt"), target);
        CraftedBatch batch = new CraftedBatch(KEY).file("name.txt", PAYLOAD);
        BatchManifest manifest = batch.finish();

        RestoreResult kept = restore(manifest, batch);
        assertThat(kept.problems()).extracting(RestoreProblem::kind).containsExactly(RestoreProblem.Kind.EXISTS);

        RestoreResult replaced = new BatchRestorer(KEY).restore(manifest, batch.store, EntrySelection.all(),
                destination, RestoreOptions.defaults().withOverwrite(true));
        assertThat(replaced.problems()).isEmpty();
        assertThat(Files.isSymbolicLink(destination.resolve("name.txt"))).isFalse();
        assertThat(destination.resolve("name.txt")).hasBinaryContent(PAYLOAD);
        assertThat(target).hasContent("keep");
    }

    @Test
    void aTarEntryOtherThanTheManifestSaysIsAnIntegrityFailure() throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry("real-name.txt");
        entry.setSize(PAYLOAD.length);
        CraftedBatch batch = new CraftedBatch(KEY).add(entry, PAYLOAD, "claimed-name.txt", EntryType.FILE, null);
        BatchManifest manifest = batch.finish();

        RestoreResult result = restore(manifest, batch);

        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(RestoreProblem.Kind.DAMAGED);
            assertThat(p.message()).contains("does not match the manifest");
        });
        assertThat(destination.resolve("real-name.txt")).doesNotExist();
        assertThat(destination.resolve("claimed-name.txt")).doesNotExist();
    }

    @Test
    void symlinkChainsCannotLeadOutsideInEitherOrder() throws IOException {
        // "a" -> "." makes "a/.." the destination's parent, though lexically it is the destination.
        for (boolean aFirst : new boolean[] {true, false}) {
            Path into = tmp.resolve("restore/chain-" + aFirst);
            CraftedBatch batch = new CraftedBatch(KEY);
            if (aFirst) {
                batch.symlink("a", ".").symlink("b", "a/..");
            } else {
                batch.symlink("b", "a/..").symlink("a", ".");
            }
            BatchManifest manifest = batch.file("b/outside/pwned.txt", PAYLOAD).finish();

            RestoreResult result = new BatchRestorer(KEY).restore(manifest, batch.store, EntrySelection.all(), into,
                    RestoreOptions.defaults());

            assertThat(Files.isSymbolicLink(into.resolve("b"))).as("a first: %s", aFirst).isFalse();
            assertThat(result.problems()).filteredOn(p -> p.path().equals("b")).singleElement()
                    .satisfies(p -> assertThat(p.message()).contains("climbs ('..') after descending"));
            assertThat(Files.isSymbolicLink(into.resolve("a"))).isTrue();
            // Through b, the file would have landed in into's parent.
            assertThat(tmp.resolve("restore/outside")).doesNotExist();
            assertThat(into.resolve("b/outside/pwned.txt")).hasBinaryContent(PAYLOAD);
        }
    }

    @Test
    void aSymlinkIsNotCreatedThroughAnExistingLinkThatPointsOutside() throws IOException {
        Files.createDirectories(destination);
        Files.createSymbolicLink(destination.resolve("pre"), outside);
        CraftedBatch batch = new CraftedBatch(KEY).symlink("via", "pre/target.txt").symlink("fine", "pre");
        BatchManifest manifest = batch.finish();

        RestoreResult result = restore(manifest, batch);

        // Through the user's link, or to it: either way the new link would resolve outside.
        assertThat(result.problems()).extracting(RestoreProblem::path).containsExactly("via", "fine");
        assertThat(result.problems()).allSatisfy(p -> assertThat(p.kind()).isEqualTo(RestoreProblem.Kind.REFUSED));
        assertThat(Files.exists(destination.resolve("via"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.exists(destination.resolve("fine"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void symlinksThatClimbOnlyBeforeDescendingStillRestore() throws IOException {
        CraftedBatch batch = new CraftedBatch(KEY).dir("lib").file("lib/real.txt", PAYLOAD).dir("bin")
                .symlink("bin/tool", "../lib/real.txt").symlink("alias", "bin/tool").symlink("bin/up", "..");
        BatchManifest manifest = batch.finish();

        RestoreResult result = restore(manifest, batch);

        assertThat(result.problems()).isEmpty();
        assertThat(destination.resolve("alias")).hasBinaryContent(PAYLOAD);
        assertThat(destination.resolve("bin/up").toRealPath()).isEqualTo(destination.toRealPath());
    }

    @Test
    void tarHeadersBeyondTheBoundAreRefusedWithoutBeingReadWhole() throws IOException {
        for (byte type : new byte[] {TarConstants.LF_PAX_EXTENDED_HEADER_LC, TarConstants.LF_GNUTYPE_LONGNAME}) {
            int bytes = BoundedTarInputStream.MAX_HEADER_BYTES + 512;
            TarArchiveEntry meta = new TarArchiveEntry("././@LongLink", type);
            meta.setSize(bytes);
            String prefix = type == TarConstants.LF_PAX_EXTENDED_HEADER_LC ? bytes + " path=" : "";
            byte[] content = (prefix + "a".repeat(bytes - prefix.length() - 1) + "\n").getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry file = new TarArchiveEntry("x.txt");
            file.setSize(PAYLOAD.length);
            CraftedBatch batch = new CraftedBatch(KEY);
            batch.raw(HostileArchiveTest.tarBytes(List.of(meta, file), List.of(content, PAYLOAD)),
                    new ManifestEntry("x.txt", EntryType.FILE, PAYLOAD.length, 0644, 0, Trees.sha256(PAYLOAD), null, 0,
                            0));
            BatchManifest manifest = batch.finish();

            RestoreResult result = restore(manifest, batch);

            assertThat(result.problems()).as("type %c", (char) type).singleElement().satisfies(p -> {
                assertThat(p.kind()).isEqualTo(RestoreProblem.Kind.DAMAGED);
                assertThat(p.message()).contains("tar headers of one entry exceed " + BoundedTarInputStream.MAX_HEADER_BYTES);
            });
            assertThat(destination.resolve("x.txt")).doesNotExist();
        }
    }

    @Test
    void longNamesWithinTheBoundStillRestore() throws IOException {
        String deep = String.join("/", java.util.Collections.nCopies(30, "d".repeat(100))) + "/file.txt";
        CraftedBatch batch = new CraftedBatch(KEY).file(deep, PAYLOAD).symlink("link", deep);
        BatchManifest manifest = batch.finish();

        RestoreResult result = restore(manifest, batch);

        assertThat(result.problems()).isEmpty();
        assertThat(destination.resolve("link")).hasBinaryContent(PAYLOAD);
    }

    @Test
    void sparseEntriesAreRefused() throws IOException {
        TarArchiveEntry pax = new TarArchiveEntry("././@PaxHeader", TarConstants.LF_PAX_EXTENDED_HEADER_LC);
        byte[] records = (HostileArchiveTest.paxRecord("GNU.sparse.numblocks", "1")
                + HostileArchiveTest.paxRecord("GNU.sparse.map", "0," + PAYLOAD.length)
                + HostileArchiveTest.paxRecord("GNU.sparse.size", "1000000000")).getBytes(StandardCharsets.UTF_8);
        pax.setSize(records.length);
        TarArchiveEntry node = new TarArchiveEntry("sparse.bin");
        node.setSize(PAYLOAD.length);
        CraftedBatch batch = new CraftedBatch(KEY);
        batch.raw(HostileArchiveTest.tarBytes(List.of(pax, node), List.of(records, PAYLOAD)),
                new ManifestEntry("sparse.bin", EntryType.FILE, PAYLOAD.length, 0644, 0, Trees.sha256(PAYLOAD), null, 0, 0));
        BatchManifest manifest = batch.finish();

        assertThatThrownBy(() -> restore(manifest, batch)).isInstanceOf(UnsafePathException.class)
                .hasMessageContaining("sparse file entries are never restored");
        assertThat(destination.resolve("sparse.bin")).doesNotExist();
    }

    @Test
    void aFileLargerThanTheFreeSpaceIsRefusedBeforeAByteIsWritten() throws IOException {
        long size = 1L << 62;
        TarArchiveEntry huge = new TarArchiveEntry("huge.bin");
        huge.setSize(size);
        CraftedBatch batch = new CraftedBatch(KEY).file("first.txt", PAYLOAD);
        batch.raw(HostileBombTest.headerOf(huge), new ManifestEntry("huge.bin", EntryType.FILE, size, 0644, 0,
                Trees.sha256(new byte[0]), null, 0, 0));
        BatchManifest manifest = batch.finish();
        RecordingTarget target = new RecordingTarget(destination);

        RestoreResult result = new BatchRestorer(KEY).restore(manifest, batch.store, EntrySelection.all(), target,
                RestoreListener.NONE);

        assertThat(result.problems()).filteredOn(p -> p.path().equals("huge.bin")).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(RestoreProblem.Kind.NO_SPACE);
            assertThat(p.message()).contains("needs " + size + " bytes");
        });
        assertThat(target.bytesFor("huge.bin")).isZero();
        assertThat(destination.resolve("first.txt")).hasBinaryContent(PAYLOAD);
    }

    /** Passes entries to a DirectoryTarget and counts the bytes each file's stream received. */
    private static final class RecordingTarget extends WrappingTarget {
        private final java.util.Map<String, Long> bytes = new java.util.HashMap<>();

        RecordingTarget(Path destination) throws IOException {
            super(new DirectoryTarget(destination, false));
        }

        long bytesFor(String path) {
            return bytes.getOrDefault(path, 0L);
        }

        @Override
        protected java.io.OutputStream wrap(ManifestEntry entry, java.io.OutputStream out) {
            return new java.io.FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    bytes.merge(entry.path(), (long) len, Long::sum);
                    out.write(b, off, len);
                }
            };
        }
    }

    private RestoreResult restore(BatchManifest manifest, CraftedBatch batch) throws IOException {
        return new BatchRestorer(KEY).restore(manifest, batch.store, EntrySelection.all(), destination,
                RestoreOptions.defaults());
    }

    private void assertNothingOutside() throws IOException {
        try (Stream<Path> listing = Files.walk(tmp)) {
            assertThat(listing.filter(p -> p.getFileName().toString().startsWith("pwned")
                    || p.getFileName().toString().startsWith("evil")).filter(p -> !p.startsWith(destination)))
                    .isEmpty();
        }
        try (Stream<Path> listing = Files.list(outside)) {
            assertThat(listing.filter(p -> !p.getFileName().toString().equals("target.txt"))).isEmpty();
        }
    }

    private static BatchManifest withExtraEntry(BatchManifest manifest, ManifestEntry extra) {
        List<ManifestEntry> entries = new java.util.ArrayList<>(manifest.entries());
        entries.add(extra);
        return new BatchManifest(manifest.batchId(), manifest.createdAt(), manifest.compression(),
                manifest.chunkTargetBytes(), manifest.originalBytes(), manifest.tarBytes(), manifest.chunks(),
                entries);
    }
}
