package dev.dos.core.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dos.core.compress.Compression;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.format.BatchId;
import dev.dos.core.format.BatchManifest;
import dev.dos.core.format.ChunkSpan;
import dev.dos.core.format.ChunkTarget;
import dev.dos.core.format.ManifestEntry;
import dev.dos.core.format.MemoryChunkStore;
import dev.dos.core.format.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchRestorerTest {
    private static final MasterKey KEY = MasterKey.generate();
    private static final long T = 1_600_000_000_000L;

    @TempDir
    Path tmp;
    private Path src;
    private MemoryChunkStore store;
    private BatchManifest manifest;

    /** Forty files of mixed sizes in three folders, in chunks of 4 KiB: many files per chunk and many chunks per file. */
    @BeforeEach
    void packSample() throws IOException {
        src = tmp.resolve("in/data");
        for (int i = 0; i < 40; i++) {
            String folder = "folder" + (i % 3);
            byte[] content = i % 7 == 0 ? TestData.random(9000 + i, i) : TestData.text(200 + 97 * i, i);
            Trees.file(src, folder + "/file" + i + ".txt", content, "rw-r--r--", T + i);
        }
        Trees.touchDirectories(src, T);
        store = new MemoryChunkStore();
        manifest = new BatchPacker(KEY, PackOptions.defaults().withChunkTarget(new ChunkTarget(4096)))
                .pack(BatchId.random(), List.of(src), store);
        assertThat(store.size()).isGreaterThan(8);
    }

    @Test
    void restoringOneFileReadsOnlyTheChunksHoldingIt() throws IOException {
        ManifestEntry middle = manifest.entries().stream().filter(e -> e.path().endsWith("/file20.txt")).findFirst()
                .orElseThrow();
        EntrySelection selection = EntrySelection.of(List.of(middle.path()));
        SortedSet<Integer> needed = BatchRestorer.chunksNeeded(manifest, selection);

        RestoreResult result = new BatchRestorer(KEY).restore(manifest, store, selection, tmp.resolve("out"),
                RestoreOptions.defaults());

        assertThat(result.problems()).isEmpty();
        assertThat(result.restoredEntries()).isEqualTo(1);
        assertThat(new TreeSet<>(store.opened())).isEqualTo(needed);
        assertThat(needed.size()).isLessThan(4);
        assertThat(Files.readAllBytes(tmp.resolve("out").resolve(middle.path())))
                .isEqualTo(Files.readAllBytes(src.resolve(middle.path().substring("data/".length()))));
        try (var listing = Files.walk(tmp.resolve("out"))) {
            assertThat(listing.filter(Files::isRegularFile).count()).isEqualTo(1);
        }
    }

    @Test
    void selectingADirectoryRestoresEverythingUnderIt() throws IOException {
        RestoreResult result = new BatchRestorer(KEY).restore(manifest, store,
                EntrySelection.of(List.of("data/folder1/")), tmp.resolve("out"), RestoreOptions.defaults());

        assertThat(result.problems()).isEmpty();
        Trees.assertSameTree(src.resolve("folder1"), tmp.resolve("out/data/folder1"));
        assertThat(tmp.resolve("out/data/folder0")).doesNotExist();
    }

    @Test
    void aSelectionMatchingNothingIsRefused() {
        assertThatThrownBy(() -> new BatchRestorer(KEY).restore(manifest, store,
                EntrySelection.of(List.of("data/nope")), tmp.resolve("out"), RestoreOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("data/nope");
    }

    @Test
    void aDamagedChunkFailsOnlyTheEntriesItHolds() throws IOException {
        int damaged = store.size() / 2;
        store.change(damaged, bytes -> {
            bytes[bytes.length / 2] ^= 0x40;
            return bytes;
        });
        Set<String> expectedLost = entriesTouching(damaged);
        assertThat(expectedLost).hasSizeGreaterThan(1);

        RestoreResult result = new BatchRestorer(KEY).restore(manifest, store, EntrySelection.all(),
                tmp.resolve("out"), RestoreOptions.defaults());

        assertThat(result.damagedChunks()).containsExactly(damaged);
        assertThat(result.problems()).allSatisfy(p -> {
            assertThat(p.kind()).isEqualTo(RestoreProblem.Kind.DAMAGED);
            assertThat(p.chunkIndex()).isEqualTo(damaged);
        });
        Set<String> lost = result.problems().stream().map(RestoreProblem::path).collect(Collectors.toSet());
        assertThat(lost).isNotEmpty().containsAll(entriesStartingIn(damaged));
        assertThat(expectedLost).containsAll(lost);
        for (ManifestEntry entry : manifest.entries()) {
            Path restored = tmp.resolve("out").resolve(entry.path());
            if (lost.contains(entry.path())) {
                assertThat(restored).doesNotExist();
            } else if (entry.sha256() != null) {
                assertThat(Trees.sha256(Files.readAllBytes(restored))).isEqualTo(entry.sha256());
            }
        }
        assertThat(Trees.temporaryFiles(tmp.resolve("out"))).isZero();
        assertThat(result.hasFailures()).isTrue();
    }

    @Test
    void aMissingChunkIsReportedLikeADamagedOne() throws IOException {
        int missing = 3;
        store.remove(missing);

        RestoreResult result = new BatchRestorer(KEY).verify(manifest, store, EntrySelection.all(),
                RestoreListener.NONE);

        assertThat(result.damagedChunks()).containsExactly(missing);
        assertThat(result.problems()).extracting(RestoreProblem::path).isNotEmpty()
                .containsAll(entriesStartingIn(missing)).isSubsetOf(entriesTouching(missing));
        assertThat(result.restoredEntries()).isEqualTo(manifest.entries().size() - result.problems().size());
    }

    @Test
    void verifyChecksEveryChunkEvenOnesHoldingOnlyTheEndOfTheTar() throws IOException {
        Path one = Trees.file(tmp.resolve("tiny"), "one.txt", new byte[] {1}, "rw-r--r--", 1_600_000_000_000L);
        MemoryChunkStore chunks = new MemoryChunkStore();
        BatchManifest tiny = new BatchPacker(KEY, PackOptions.defaults().withCompression(Compression.NONE)
                .withChunkTarget(new ChunkTarget(1024))).pack(BatchId.random(), List.of(one), chunks);
        // 512 header + 512 content + 1024 end-of-archive, 965 bytes per chunk: chunk 2 is all tail.
        assertThat(tiny.chunkCount()).isEqualTo(3);

        for (int damaged = 0; damaged < tiny.chunkCount(); damaged++) {
            byte[] original = chunks.get(damaged);
            chunks.change(damaged, bytes -> {
                bytes[bytes.length - 1] ^= 1;
                return bytes;
            });

            RestoreResult result = new BatchRestorer(KEY).verify(tiny, chunks, EntrySelection.all(),
                    RestoreListener.NONE);

            assertThat(result.damagedChunks()).as("damaged chunk %d", damaged).containsExactly(damaged);
            assertThat(result.hasFailures()).isTrue();
            chunks.put(damaged, original);
        }
        assertThat(new BatchRestorer(KEY).verify(tiny, chunks, EntrySelection.all(), RestoreListener.NONE)
                .hasFailures()).isFalse();
    }

    @Test
    void verifyChecksEverythingAndWritesNothing() throws IOException {
        List<ManifestEntry> checked = new ArrayList<>();
        RestoreResult result = new BatchRestorer(KEY).verify(manifest, store, EntrySelection.all(),
                new RestoreListener() {
                    @Override
                    public void entryRestored(ManifestEntry entry) {
                        checked.add(entry);
                    }
                });

        assertThat(result.problems()).isEmpty();
        assertThat(checked).isEqualTo(manifest.entries());
        assertThat(result.restoredBytes()).isEqualTo(manifest.originalBytes());
        assertThat(new TreeSet<>(store.opened())).hasSize(store.size());
    }

    @Test
    void existingFilesAreLeftAloneUnlessOverwriting() throws IOException {
        Path out = tmp.resolve("out");
        Path existing = out.resolve("data/folder0/file0.txt");
        Files.createDirectories(existing.getParent());
        Files.writeString(existing, "mine");

        RestoreResult kept = new BatchRestorer(KEY).restore(manifest, store, EntrySelection.all(), out,
                RestoreOptions.defaults());

        assertThat(Files.readString(existing)).isEqualTo("mine");
        assertThat(kept.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(RestoreProblem.Kind.EXISTS);
            assertThat(p.path()).isEqualTo("data/folder0/file0.txt");
        });
        assertThat(kept.hasFailures()).isFalse();

        RestoreResult replaced = new BatchRestorer(KEY).restore(manifest, store, EntrySelection.all(), out,
                RestoreOptions.defaults().withOverwrite(true));

        assertThat(replaced.problems()).isEmpty();
        Trees.assertSameTree(src, out.resolve("data"));
    }

    @Test
    void aWriteFailureFailsThatEntryAndTheRestGoesOn() throws IOException {
        Path out = tmp.resolve("out");
        Path blocker = out.resolve("data/folder2/file2.txt");
        Files.createDirectories(blocker);
        Files.writeString(blocker.resolve("inside"), "x");

        RestoreResult result = new BatchRestorer(KEY).restore(manifest, store, EntrySelection.all(), out,
                RestoreOptions.defaults().withOverwrite(true));

        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(RestoreProblem.Kind.WRITE_FAILED);
            assertThat(p.path()).isEqualTo("data/folder2/file2.txt");
        });
        assertThat(result.restoredEntries()).isEqualTo(manifest.entries().size() - 1);
    }

    @Test
    void theWrongKeyDamagesEveryChunkAndWritesNothing() throws IOException {
        RestoreResult result = new BatchRestorer(MasterKey.generate()).restore(manifest, store,
                EntrySelection.all(), tmp.resolve("out"), RestoreOptions.defaults());

        assertThat(result.restoredEntries()).isZero();
        assertThat(result.problems()).hasSize(manifest.entries().size());
        try (var listing = Files.walk(tmp.resolve("out"))) {
            assertThat(listing.filter(Files::isRegularFile).count()).isZero();
        }
    }

    @Test
    void aFileWhoseContentDoesNotMatchItsHashIsNotPutInPlace() throws IOException {
        CraftedBatch crafted = new CraftedBatch(KEY).file("good.txt", "good".getBytes(StandardCharsets.UTF_8));
        crafted.file("bad.txt", "bad".getBytes(StandardCharsets.UTF_8));
        BatchManifest real = crafted.finish();
        List<ManifestEntry> lying = new ArrayList<>(real.entries());
        ManifestEntry bad = lying.get(1);
        lying.set(1, new ManifestEntry(bad.path(), bad.type(), bad.size(), bad.mode(), bad.mtimeMillis(),
                "00".repeat(32), null, bad.chunkIndex(), bad.offset()));
        BatchManifest wrongHash = new BatchManifest(real.batchId(), real.createdAt(), real.compression(),
                real.chunkTargetBytes(), 0, real.tarBytes(), real.chunks(), lying);

        RestoreResult result = new BatchRestorer(KEY).restore(wrongHash, crafted.store, EntrySelection.all(),
                tmp.resolve("out"), RestoreOptions.defaults());

        assertThat(result.problems()).singleElement()
                .satisfies(p -> assertThat(p.kind()).isEqualTo(RestoreProblem.Kind.MISMATCH));
        assertThat(tmp.resolve("out/bad.txt")).doesNotExist();
        assertThat(tmp.resolve("out/good.txt")).hasContent("good");
        assertThat(Trees.temporaryFiles(tmp.resolve("out"))).isZero();
    }

    private Set<String> entriesStartingIn(int chunk) {
        return manifest.entries().stream().filter(e -> e.chunkIndex() == chunk).map(ManifestEntry::path)
                .collect(Collectors.toSet());
    }

    /** The entries whose chunk span contains {@code chunk}: at most these can be lost with it. */
    private Set<String> entriesTouching(int chunk) {
        Set<String> paths = new java.util.HashSet<>();
        for (int i = 0; i < manifest.entries().size(); i++) {
            ChunkSpan span = manifest.spanOf(i);
            if (span.contains(chunk)) {
                paths.add(manifest.entries().get(i).path());
            }
        }
        return paths;
    }
}
