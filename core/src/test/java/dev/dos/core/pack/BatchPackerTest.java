package dev.dos.core.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.dos.core.compress.Codec;
import dev.dos.core.compress.Compression;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.format.BatchId;
import dev.dos.core.format.BatchManifest;
import dev.dos.core.format.ChunkTarget;
import dev.dos.core.format.EncodedChunk;
import dev.dos.core.format.EntryType;
import dev.dos.core.format.ManifestEntry;
import dev.dos.core.format.MemoryChunkStore;
import dev.dos.core.format.TestData;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchPackerTest {
    private static final MasterKey KEY = MasterKey.generate();
    private static final long T = 1_650_000_000_123L;

    @TempDir
    Path tmp;

    @Test
    void namesTypesModesAndTimesSurviveARoundTrip() throws IOException {
        Path docs = tmp.resolve("src/Dökümente");
        String longPath = "a-directory-name-of-sixty-characters-for-testing-long-paths-1/".repeat(4)
                + "and a file name with spaces, ünïcødé and 日本語 characters.txt";
        assertThat(longPath.length()).isGreaterThan(300);
        Trees.file(docs, "notes.txt", "hello".getBytes(StandardCharsets.UTF_8), "rw-r-----", T);
        Trees.file(docs, "empty", new byte[0], "rw-------", T + 1);
        Trees.file(docs, "run.sh", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), "rwxr-xr-x", T + 2);
        Trees.file(docs, longPath, TestData.text(50_000, 1), "rw-r--r--", T + 3);
        Trees.file(docs, "photo.raw", TestData.random(30_000, 2), "rw-r--r--", T + 4);
        Trees.dir(docs, "empty dir", "rwx------", T);
        Trees.symlink(docs, "latest", "notes.txt", T + 5);
        Trees.symlink(docs, "sub/up", "../run.sh", T + 6);
        Trees.touchDirectories(docs, T + 7);
        Files.setPosixFilePermissions(docs.resolve("sub"), PosixFilePermissions.fromString("rwxr-x---"));

        MemoryChunkStore store = new MemoryChunkStore();
        BatchManifest manifest = pack(List.of(docs), PackOptions.defaults().withChunkTarget(new ChunkTarget(4096)),
                store);
        RestoreResult result = new BatchRestorer(KEY).restore(manifest, store, EntrySelection.all(),
                tmp.resolve("out"), RestoreOptions.defaults());

        assertThat(result.problems()).isEmpty();
        assertThat(result.restoredEntries()).isEqualTo(manifest.entries().size());
        Trees.assertSameTree(docs, tmp.resolve("out/Dökümente"));
        assertThat(store.size()).isGreaterThan(5);
    }

    @Test
    void entriesAreNamedUnderEachRootInAStableOrderWithIncreasingPositions() throws IOException {
        Path first = Files.createDirectories(tmp.resolve("one/photos"));
        Files.writeString(first.resolve("b.jpg"), "b");
        Files.writeString(first.resolve("a.jpg"), "a");
        Files.createDirectories(first.resolve("c"));
        Files.writeString(first.resolve("c/z.txt"), "z");
        Path second = Files.writeString(tmp.resolve("notes.md"), "n");

        BatchManifest manifest = pack(List.of(first, second), PackOptions.defaults(), new MemoryChunkStore());

        assertThat(manifest.entries()).extracting(ManifestEntry::path)
                .containsExactly("photos", "photos/a.jpg", "photos/b.jpg", "photos/c", "photos/c/z.txt", "notes.md");
        assertThat(manifest.entries()).extracting(ManifestEntry::type)
                .containsExactly(EntryType.DIR, EntryType.FILE, EntryType.FILE, EntryType.DIR, EntryType.FILE,
                        EntryType.FILE);
        assertThat(manifest.entries().get(1).sha256()).isEqualTo(Trees.sha256("a".getBytes(StandardCharsets.UTF_8)));
        assertThat(manifest.originalBytes()).isEqualTo(4);
        assertThat(manifest.compression()).isEqualTo(Compression.DEFAULT);
        assertThat(manifest.tarBytes() % 512).isZero();
    }

    @Test
    void rootsMustExistAndHaveDistinctNames() throws IOException {
        Path a = Files.createDirectories(tmp.resolve("a/docs"));
        Path b = Files.createDirectories(tmp.resolve("b/docs"));
        BatchPacker packer = new BatchPacker(KEY, PackOptions.defaults());

        assertThatThrownBy(() -> packer.pack(BatchId.random(), List.of(a, b), new MemoryChunkStore()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same name");
        assertThatThrownBy(() -> packer.pack(BatchId.random(), List.of(tmp.resolve("missing")),
                new MemoryChunkStore())).isInstanceOf(java.nio.file.NoSuchFileException.class);
        assertThatThrownBy(() -> packer.pack(BatchId.random(), List.of(), new MemoryChunkStore()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void symlinksAreStoredAsLinksUnlessFollowingIsAsked() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("target.txt"), "content");
        Files.createSymbolicLink(src.resolve("link.txt"), Path.of("target.txt"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("o.txt"), "o");
        Files.createSymbolicLink(src.resolve("dirlink"), outside);

        BatchManifest asLinks = pack(List.of(src), PackOptions.defaults(), new MemoryChunkStore());
        BatchManifest followed = pack(List.of(src), PackOptions.defaults().withFollowSymlinks(true),
                new MemoryChunkStore());

        assertThat(asLinks.entries()).filteredOn(e -> e.path().equals("src/link.txt")).singleElement()
                .satisfies(e -> {
                    assertThat(e.type()).isEqualTo(EntryType.SYMLINK);
                    assertThat(e.linkTarget()).isEqualTo("target.txt");
                });
        assertThat(asLinks.entries()).extracting(ManifestEntry::path).doesNotContain("src/dirlink/o.txt");
        assertThat(followed.entries()).filteredOn(e -> e.path().equals("src/link.txt")).singleElement()
                .satisfies(e -> assertThat(e.type()).isEqualTo(EntryType.FILE));
        assertThat(followed.entries()).extracting(ManifestEntry::path).contains("src/dirlink", "src/dirlink/o.txt");
    }

    @Test
    void followingSymlinksStopsAtLoopsAndKeepsDanglingLinks() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src/sub"));
        Files.createSymbolicLink(src.resolve("back"), Path.of(".."));
        Files.createSymbolicLink(src.resolve("nowhere"), Path.of("missing"));
        List<PackWarning> warnings = new ArrayList<>();

        BatchManifest manifest = pack(List.of(tmp.resolve("src")), PackOptions.defaults().withFollowSymlinks(true)
                .withListener(recording(warnings)), new MemoryChunkStore());

        assertThat(warnings).extracting(PackWarning::kind).containsExactlyInAnyOrder(
                PackWarning.Kind.SYMLINK_LOOP_SKIPPED, PackWarning.Kind.DANGLING_SYMLINK_KEPT);
        assertThat(manifest.entries()).extracting(ManifestEntry::path)
                .containsExactly("src", "src/sub", "src/sub/nowhere");
    }

    @Test
    void specialFilesAreSkippedWithAWarning() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("kept.txt"), "k");
        try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            socket.bind(UnixDomainSocketAddress.of(src.resolve("app.sock")));
            List<PackWarning> warnings = new ArrayList<>();

            BatchManifest manifest = pack(List.of(src), PackOptions.defaults().withListener(recording(warnings)),
                    new MemoryChunkStore());

            assertThat(manifest.entries()).extracting(ManifestEntry::path).containsExactly("src", "src/kept.txt");
            assertThat(warnings).singleElement().satisfies(w -> {
                assertThat(w.kind()).isEqualTo(PackWarning.Kind.SPECIAL_FILE_SKIPPED);
                assertThat(w.path()).isEqualTo(src.resolve("app.sock"));
            });
        }
    }

    @Test
    void unreadableEntriesAreSkippedAndReportedOrAbortByPolicy() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("fine.txt"), "fine");
        // A self-referencing link cannot be read when following links, whoever runs the test.
        Files.createSymbolicLink(src.resolve("loop"), Path.of("loop"));
        List<PackWarning> warnings = new ArrayList<>();
        PackOptions following = PackOptions.defaults().withFollowSymlinks(true).withListener(recording(warnings));

        BatchManifest manifest = pack(List.of(src), following, new MemoryChunkStore());

        assertThat(manifest.entries()).extracting(ManifestEntry::path).containsExactly("src", "src/fine.txt");
        assertThat(warnings).extracting(PackWarning::kind).containsExactly(PackWarning.Kind.UNREADABLE_SKIPPED);
        MemoryChunkStore aborted = new MemoryChunkStore();
        assertThatThrownBy(() -> pack(List.of(src), following.withOnUnreadable(UnreadablePolicy.ABORT), aborted))
                .isInstanceOf(FileSystemException.class);
        assertThat(aborted.received()).noneMatch(EncodedChunk::last);
    }

    @Test
    void filesWithoutReadPermissionAreSkippedWhenNotRoot() throws IOException {
        assumeThat(System.getProperty("user.name")).isNotEqualTo("root");
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path secret = Files.writeString(src.resolve("secret.txt"), "s");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
        List<PackWarning> warnings = new ArrayList<>();

        BatchManifest manifest = pack(List.of(src), PackOptions.defaults().withListener(recording(warnings)),
                new MemoryChunkStore());

        assertThat(manifest.entries()).extracting(ManifestEntry::path).containsExactly("src");
        assertThat(warnings).extracting(PackWarning::kind).containsExactly(PackWarning.Kind.UNREADABLE_SKIPPED);
    }

    @Test
    void packingTheSameTreeTwiceGivesTheSameChunks() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        for (int i = 0; i < 20; i++) {
            Trees.file(src, "f" + i, TestData.text(3000 + i, i), "rw-r--r--", T);
        }
        BatchId batch = BatchId.random();
        PackOptions options = PackOptions.defaults().withChunkTarget(new ChunkTarget(8192));
        MemoryChunkStore first = new MemoryChunkStore();
        MemoryChunkStore second = new MemoryChunkStore();
        new BatchPacker(KEY, options).pack(batch, List.of(src), first);
        new BatchPacker(KEY, options).pack(batch, List.of(src), second);

        assertThat(second.received()).extracting(EncodedChunk::sha256)
                .isEqualTo(first.received().stream().map(EncodedChunk::sha256).toList());
    }

    @Test
    void reportsProgressAndEveryEntry() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.write(src.resolve("a"), new byte[100_000]);
        Files.write(src.resolve("b"), new byte[5]);
        long[] bytes = {0};
        List<ManifestEntry> packed = new ArrayList<>();
        PackListener listener = new PackListener() {
            @Override
            public void bytesRead(long n) {
                bytes[0] += n;
            }

            @Override
            public void entryPacked(ManifestEntry entry) {
                packed.add(entry);
            }
        };

        BatchManifest manifest = pack(List.of(src), PackOptions.defaults().withListener(listener),
                new MemoryChunkStore());

        assertThat(bytes[0]).isEqualTo(100_005);
        assertThat(packed).isEqualTo(manifest.entries());
    }

    @Test
    void everyCodecRoundTrips() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Trees.file(src, "text", TestData.text(40_000, 1), "rw-r--r--", T);
        Trees.file(src, "noise", TestData.random(10_000, 2), "rw-r--r--", T);
        Trees.touchDirectories(src, T);
        for (Compression compression : List.of(Compression.DEFAULT, Compression.of(Codec.GZIP), Compression.NONE)) {
            MemoryChunkStore store = new MemoryChunkStore();
            BatchManifest manifest = pack(List.of(src), PackOptions.defaults().withCompression(compression)
                    .withChunkTarget(new ChunkTarget(8192)), store);
            Path out = tmp.resolve("out-" + compression.codec().label());

            RestoreResult result = new BatchRestorer(KEY).restore(manifest, store, EntrySelection.all(), out,
                    RestoreOptions.defaults());

            assertThat(result.problems()).isEmpty();
            Trees.assertSameTree(src, out.resolve("src"));
            assertThat(manifest.compression()).isEqualTo(compression);
        }
    }

    private static BatchManifest pack(List<Path> roots, PackOptions options, MemoryChunkStore store)
            throws IOException {
        return new BatchPacker(KEY, options).pack(BatchId.random(), roots, store);
    }

    private static PackListener recording(List<PackWarning> warnings) {
        return new PackListener() {
            @Override
            public void warning(PackWarning warning) {
                warnings.add(warning);
            }
        };
    }
}
