package dev.dos.core.pack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.core.compress.Codec;
import dev.dos.core.compress.Compression;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.format.BatchId;
import dev.dos.core.format.BatchManifest;
import dev.dos.core.format.ChunkTarget;
import dev.dos.core.format.ManifestEntry;
import dev.dos.core.format.MemoryChunkStore;
import dev.dos.core.format.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;

class PackRestorePropertiesTest {
    private static final MasterKey KEY = MasterKey.generate();
    private static final List<String> MODES = List.of("rw-r--r--", "rwx------", "r--------", "rw-rw-rw-", "rwxr-x--x");

    private Path tmp;

    @BeforeTry
    void createTemp() throws IOException {
        tmp = Files.createTempDirectory("dos-pack-property");
    }

    @AfterTry
    void deleteTemp() throws IOException {
        Trees.deleteRecursively(tmp);
    }

    @Property(tries = 40)
    void anyTreeRoundTripsThroughChunks(@ForAll("trees") List<Node> nodes, @ForAll("compressions") Compression codec,
                                        @ForAll @IntRange(min = 1024, max = 6000) int target) throws IOException {
        Path root = build(nodes);
        MemoryChunkStore store = new MemoryChunkStore();
        BatchManifest manifest = new BatchPacker(KEY, PackOptions.defaults().withCompression(codec)
                .withChunkTarget(new ChunkTarget(target))).pack(BatchId.random(), List.of(root), store);

        RestoreResult result = new BatchRestorer(KEY).restore(manifest, store, EntrySelection.all(),
                tmp.resolve("out"), RestoreOptions.defaults());

        assertThat(result.problems()).isEmpty();
        Trees.assertSameTree(root, tmp.resolve("out/root"));
        assertThat(store.received()).allSatisfy(chunk -> assertThat(chunk.size()).isLessThanOrEqualTo(target));
    }

    @Property(tries = 40)
    void aDamagedChunkNeverYieldsAWrongFile(@ForAll("trees") List<Node> nodes,
                                            @ForAll @IntRange(min = 0, max = 1_000_000) int where,
                                            @ForAll @IntRange(min = 0, max = 7) int bit) throws IOException {
        Path root = build(nodes);
        MemoryChunkStore store = new MemoryChunkStore();
        BatchManifest manifest = new BatchPacker(KEY, PackOptions.defaults().withChunkTarget(new ChunkTarget(1024)))
                .pack(BatchId.random(), List.of(root), store);
        int chunk = where % store.size();
        store.change(chunk, bytes -> {
            bytes[where % bytes.length] ^= (byte) (1 << bit);
            return bytes;
        });
        Path out = tmp.resolve("out");

        RestoreResult result = new BatchRestorer(KEY).restore(manifest, store, EntrySelection.all(), out,
                RestoreOptions.defaults());

        assertThat(result.damagedChunks()).containsExactly(chunk);
        Set<String> lost = result.problems().stream().map(RestoreProblem::path).collect(Collectors.toSet());
        Map<String, String> restored = Trees.describe(out);
        Map<String, String> original = Trees.describe(tmp.resolve("src"));
        for (ManifestEntry entry : manifest.entries()) {
            if (entry.type() == dev.dos.core.format.EntryType.FILE && !lost.contains(entry.path())) {
                assertThat(restored.get(entry.path())).isEqualTo(original.get(entry.path()));
            } else if (entry.type() == dev.dos.core.format.EntryType.FILE) {
                assertThat(out.resolve(entry.path())).doesNotExist();
            }
        }
        assertThat(Trees.temporaryFiles(out)).isZero();
    }

    /** One thing to create: a path of one to three names, and what it is. */
    record Node(List<String> path, int kind, byte[] content, int mode, long mtime) {
    }

    @Provide
    Arbitrary<List<Node>> trees() {
        Arbitrary<String> names = Arbitraries.oneOf(
                Arbitraries.strings().withChars("abcxyzü日本 ._-").ofMinLength(1).ofMaxLength(10)
                        .filter(s -> !s.equals(".") && !s.equals("..")),
                Arbitraries.of("n".repeat(120), "ünïcødé-" + "é".repeat(60)));
        Arbitrary<byte[]> contents = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(4000),
                Arbitraries.integers().between(0, 20_000).map(n -> TestData.text(n, n)),
                Arbitraries.just(new byte[0]));
        Arbitrary<Node> node = Combinators.combine(names.list().ofMinSize(1).ofMaxSize(3),
                Arbitraries.integers().between(0, 9), contents, Arbitraries.integers().between(0, MODES.size() - 1),
                Arbitraries.longs().between(0, 4_000_000_000_000L)).as(Node::new);
        return node.list().ofMinSize(1).ofMaxSize(12);
    }

    @Provide
    Arbitrary<Compression> compressions() {
        return Arbitraries.of(Compression.DEFAULT, Compression.of(Codec.GZIP), Compression.NONE);
    }

    /** Creates the nodes under tmp/src/root: mostly files, some directories and in-tree symlinks. */
    private Path build(List<Node> nodes) throws IOException {
        Path root = Files.createDirectories(tmp.resolve("src/root"));
        for (Node node : nodes) {
            Path path = root;
            for (String name : node.path()) {
                path = path.resolve(name);
            }
            if (!canCreate(root, path)) {
                continue;
            }
            Files.createDirectories(path.getParent());
            if (node.kind() < 6) {
                Trees.file(root, root.relativize(path).toString(), node.content(), MODES.get(node.mode()),
                        node.mtime());
            } else if (node.kind() < 8) {
                Files.createDirectory(path);
            } else {
                String sibling = node.path().get(0);
                Trees.symlink(root, root.relativize(path).toString(), node.kind() == 8 ? sibling : ".", node.mtime());
            }
        }
        Trees.touchDirectories(root, 1_234_567_890_123L);
        return root;
    }

    // Skips nodes whose path is taken or would need a file or link as a directory.
    private static boolean canCreate(Path root, Path path) {
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        for (Path parent = path.getParent(); !parent.equals(root); parent = parent.getParent()) {
            if (Files.exists(parent, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
        }
        return true;
    }
}
