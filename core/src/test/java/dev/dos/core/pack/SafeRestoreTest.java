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
