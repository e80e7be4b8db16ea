package dev.dos.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.core.compress.Compression;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.meta.BatchQuery;
import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.MetadataStore;
import dev.dos.core.meta.SqliteMetadataStore;
import dev.dos.core.pack.UnreadablePolicy;
import dev.dos.core.remote.BlobRef;
import dev.dos.core.remote.FaultyRemote.Operation;
import dev.dos.core.remote.FaultyRemote;
import dev.dos.core.remote.ForwardingRemote;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.RemoteLimits;
import dev.dos.core.remote.StorageRemote;
import dev.dos.core.remote.memory.InMemoryRemote;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * One remote shared by several "machines", each with its own SQLite index (and key). Chunk posts
 * carry one blob each, so a test can take single chunks away.
 */
final class SharedStore implements AutoCloseable {
    /** Small blobs, one per post: chunks of 2 KiB make a batch of a few KiB span several posts. */
    static final RemoteLimits LIMITS = new RemoteLimits(256 * 1024, 1, 2000);
    static final long CHUNK_BYTES = 2048;

    private final InMemoryRemote memory = new InMemoryRemote(LIMITS);
    /** The shared remote, counting calls and taking faults. */
    final FaultyRemote remote = new FaultyRemote(memory);
    final MasterKey key = MasterKey.generate();
    private final Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();

    SharedStore(Path dir) {
        this.dir = dir;
    }

    /** Someone else posting into the shared store: their posts are not ours. */
    StorageRemote stranger() {
        return memory.stranger();
    }

    /** A machine with this store's key and a database of its own at {@code <dir>/<name>.db}. */
    Repository machine(String name) {
        return machine(name, key);
    }

    /** A machine using {@code otherKey}: another person sharing the server. */
    Repository machine(String name, MasterKey otherKey) {
        MetadataStore metadata = SqliteMetadataStore.open(dbFile(name));
        open.add(metadata);
        return new Repository(remote, metadata, otherKey);
    }

    /** A machine with this store's key that reaches the shared remote through {@code wrap}. */
    Repository machine(String name, UnaryOperator<StorageRemote> wrap) {
        MetadataStore metadata = SqliteMetadataStore.open(dbFile(name));
        open.add(metadata);
        return new Repository(wrap.apply(remote), metadata, key);
    }

    /**
     * Requests the shared remote has answered so far, every kind but blob downloads: what would be
     * Discord API requests (a download is a CDN fetch, which Discord does not rate limit).
     */
    long apiCalls() {
        long sum = 0;
        for (Operation op : Operation.values()) {
            sum += op == Operation.OPEN_BLOB ? 0 : remote.calls(op);
        }
        return sum;
    }

    /** The shared remote, except that downloads of the blobs of post {@code postId} fail as a network would. */
    static StorageRemote failingBlobsOf(StorageRemote remote, String postId) {
        return new ForwardingRemote(remote) {
            @Override
            public InputStream openBlob(BlobRef ref) throws RemoteException {
                if (ref.postId().equals(postId)) {
                    throw new RemoteException.Transient("connection reset", null);
                }
                return super.openBlob(ref);
            }

            @Override
            public void close() {
                // the shared remote stays open
            }
        };
    }

    /** The shared remote, except that containers are never sealed: uploads look as if still running. */
    static StorageRemote neverSealing(StorageRemote remote) {
        return new ForwardingRemote(remote) {
            @Override
            public void sealContainer(String containerId) {
                // left open, as by an upload that has not finished
            }

            @Override
            public void close() {
                // the shared remote stays open
            }
        };
    }

    Path dbFile(String name) {
        return dir.resolve(name + ".db");
    }

    /** Closes a machine's index and deletes its files: the machine lost its database. */
    void loseDatabase(Repository machine, String name) throws IOException {
        machine.metadata().close();
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(dir.resolve(name + ".db" + suffix));
        }
    }

    /** A folder tree of a few chunks' worth of incompressible data, different per {@code seed}. */
    Path tree(String name, int seed) throws IOException {
        Path root = dir.resolve("src-" + seed).resolve(name);
        Random random = new Random(seed);
        Files.createDirectories(root.resolve("docs/deeper"));
        Files.writeString(root.resolve("readme.txt"), "batch " + seed + "\n".repeat(seed % 7 + 1));
        byte[] noise = new byte[6000 + random.nextInt(3000)];
        random.nextBytes(noise);
        Files.write(root.resolve("docs/deeper/noise.bin"), noise);
        Files.writeString(root.resolve("docs/\u00fcber.txt"), "non-ascii " + seed);
        return root;
    }

    /** Uploads one tree as one batch in small chunks. */
    UploadResult upload(Repository machine, Path... roots) throws IOException {
        UploadOptions options = new UploadOptions(Compression.NONE, CHUNK_BYTES, false,
                UnreadablePolicy.ABORT, null);
        return new UploadOperation(machine).upload(List.of(roots), options, ProgressListener.NONE);
    }

    static List<BatchRecord> batches(Repository machine) {
        return machine.metadata().listBatches(BatchQuery.all().page(0, 10_000)).items();
    }

    static BatchRecord batch(Repository machine, String id) {
        return machine.metadata().batch(id).orElseThrow(() -> new AssertionError("no batch " + id));
    }

    /** The posts of a batch's container, oldest first, by the chunk index each carries. */
    Map<Integer, Post> chunkPosts(String containerId) throws IOException {
        Map<Integer, Post> byIndex = new TreeMap<>();
        for (Post post : remote.listPosts(containerId, null, 1000)) {
            String name = post.blobs().getFirst().name();
            byIndex.put(Integer.parseInt(name.substring(33, 39)), post);
        }
        return byIndex;
    }

    /** The bytes of a post's first blob (a card's manifest, a chunk). */
    byte[] firstBlob(Post post) throws IOException {
        try (InputStream in = remote.openBlob(post.blobs().getFirst().ref())) {
            return in.readAllBytes();
        }
    }

    String indexArea() {
        return remote.areaId(StorageRemote.Area.INDEX);
    }

    /** Restores a whole batch and checks every file against its source, byte for byte. */
    static void assertRestoresIdentically(Repository machine, String batchId, Path source, Path into) throws IOException {
        RestoreOperation.Report report = new RestoreOperation(machine).restore(batchId, into, List.of(), false,
                ProgressListener.NONE);
        assertThat(report.result().hasFailures()).isFalse();
        Path restored = into.resolve(source.getFileName());
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                Path copy = restored.resolve(source.relativize(file));
                assertThat(Files.mismatch(file, copy)).as("%s restored identically", file).isEqualTo(-1L);
            }
        }
        try (Stream<Path> a = Files.walk(source); Stream<Path> b = Files.walk(restored)) {
            assertThat(b.map(restored::relativize).sorted().toList())
                    .isEqualTo(a.map(source::relativize).sorted().toList());
        }
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (IllegalStateException | dev.dos.core.meta.MetadataException alreadyClosed) {
                // closed by loseDatabase
            }
        }
        remote.close();
    }
}
