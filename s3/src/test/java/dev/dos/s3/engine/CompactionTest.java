package dev.dos.s3.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.core.remote.Blob;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.RemoteLimits;
import dev.dos.core.remote.memory.InMemoryRemote;
import dev.dos.s3.store.ObjectInfo;
import dev.dos.s3.store.ObjectMeta;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compaction reclaims what deleted objects left: sparse packs are rewritten, dead posts and
 * covered journal posts deleted, and what is left still reads back, also on a new machine.
 */
class CompactionTest {
    private static final RemoteLimits LIMITS = new RemoteLimits(256 * 1024, 4, 2000, 1024 * 1024);

    @TempDir
    Path tmp;

    private final InMemoryRemote remote = new InMemoryRemote(LIMITS);

    private DiscordObjectStore open(String dir) throws IOException {
        return DiscordObjectStore.open(remote, EngineFixture.KEY, tmp.resolve(dir),
                EngineFixture.options().withSmallObjectBytes(32 * 1024));
    }

    @Test
    void afterMostObjectsAreDeletedCompactionDeletesSparsePostsAndTheRestStillReadsBack() throws Exception {
        List<String> lanes;
        long bytesBefore;
        long bytesAfter;
        CompactionResult result;
        try (DiscordObjectStore store = open("first")) {
            lanes = store.lanes();
            store.createBucket("bkt");
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<ObjectInfo>> puts = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    int n = i;
                    puts.add(pool.submit(() -> put(store, "small-" + n, VisibilityTest.bytes(5000 + n, n))));
                }
                for (Future<ObjectInfo> f : puts) {
                    f.get();
                }
            }
            for (int i = 0; i < 4; i++) {
                put(store, "big-" + i, VisibilityTest.bytes(600_000, 100 + i));
            }
            for (int i = 0; i < 60; i++) {
                if (i % 10 != 0) {
                    store.delete("bkt", "small-" + i);
                }
            }
            for (int i = 1; i < 4; i++) {
                store.delete("bkt", "big-" + i);
            }
            bytesBefore = storedBytes(Remotes.lanePosts(remote, lanes));
            int postsBefore = Remotes.lanePosts(remote, lanes).size();

            result = store.compact();

            List<Post> after = Remotes.lanePosts(remote, lanes);
            bytesAfter = storedBytes(after);
            System.out.printf("compaction: %s; lane posts %d -> %d, stored bytes %d -> %d%n", result, postsBefore,
                    after.size(), bytesBefore, bytesAfter);
            assertThat(result.postsRewritten()).isPositive();
            assertThat(result.chunksMoved()).isPositive();
            assertThat(result.postsDeleted()).isGreaterThan(result.postsRewritten());
            assertThat(after.size()).isLessThan(postsBefore);
            assertThat(bytesAfter).isLessThan(bytesBefore / 2);
            assertThat(store.index().state().deadBytes()).isZero();
            checkSurvivors(store);
            store.put("bkt", "after-compaction", new ByteArrayInputStream(new byte[] {5}), 1, ObjectMeta.NONE);
        }
        try (DiscordObjectStore fresh = open("second")) {
            checkSurvivors(fresh);
            assertThat(fresh.list("bkt", "", null, 100)).hasSize(6 + 1 + 1);
        }
    }

    @Test
    void aReaderOfAChunkThatCompactionMovedFindsItAtItsNewPlace() throws Exception {
        try (DiscordObjectStore store = open("first")) {
            store.createBucket("bkt");
            ObjectInfo keep;
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<ObjectInfo>> puts = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    int n = i;
                    puts.add(pool.submit(() -> put(store, "k" + n, VisibilityTest.bytes(20_000, n))));
                }
                for (Future<ObjectInfo> f : puts) {
                    f.get();
                }
                keep = puts.getFirst().get();
            }
            for (int i = 1; i < 10; i++) {
                store.delete("bkt", "k" + i);
            }
            try (InputStream in = store.open(keep, 0, keep.size())) { // opened before, read after the move
                store.compact();
                assertThat(in.readAllBytes()).isEqualTo(VisibilityTest.bytes(20_000, 0));
            }
        }
    }

    private static void checkSurvivors(DiscordObjectStore store) throws IOException {
        for (int i = 0; i < 60; i += 10) {
            assertThat(read(store, "small-" + i)).isEqualTo(VisibilityTest.bytes(5000 + i, i));
        }
        assertThat(read(store, "big-0")).isEqualTo(VisibilityTest.bytes(600_000, 100));
        assertThat(store.head("bkt", "small-1")).isEmpty();
        assertThat(store.head("bkt", "big-1")).isEmpty();
    }

    private static long storedBytes(List<Post> posts) {
        return posts.stream().flatMap(p -> p.blobs().stream()).mapToLong(Blob::size).sum();
    }

    private static ObjectInfo put(DiscordObjectStore store, String key, byte[] data) throws IOException {
        return store.put("bkt", key, new ByteArrayInputStream(data), data.length, ObjectMeta.NONE);
    }

    private static byte[] read(DiscordObjectStore store, String key) throws IOException {
        ObjectInfo info = store.head("bkt", key).orElseThrow();
        try (InputStream in = store.open(info, 0, info.size())) {
            return in.readAllBytes();
        }
    }
}
