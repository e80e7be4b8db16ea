package dev.dos.s3.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dos.core.remote.RemoteLimits;
import dev.dos.core.remote.memory.InMemoryRemote;
import dev.dos.testkit.FakeClock;
import dev.dos.s3.store.ObjectInfo;
import dev.dos.s3.store.ObjectMeta;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An object is visible only when its data and its record are on the remote: a body that fails, a
 * commit post that fails, a gateway killed between its data posts and its commit leave nothing
 * visible (and their data posts are deleted); a commit the remote stored is never lost.
 */
class VisibilityTest {
    /** 128 KiB blobs (64 KiB chunks), two per post: a 300 KB body is three data posts. */
    private static final RemoteLimits SMALL = new RemoteLimits(128 * 1024, 2, 2000, 256 * 1024);

    @TempDir
    Path tmp;

    private final InMemoryRemote memory = new InMemoryRemote(SMALL);
    private final Remotes.FailingCommits remote = new Remotes.FailingCommits(memory);

    private DiscordObjectStore open(Path dir, S3StoreOptions options) throws IOException {
        return DiscordObjectStore.open(remote, EngineFixture.KEY, dir, options.withSmallObjectBytes(16 * 1024));
    }

    @Test
    void aBigBodyThatFailsHalfwayLeavesNoDataPostBehind() throws Exception {
        try (DiscordObjectStore store = open(tmp.resolve("a"), EngineFixture.options())) {
            store.createBucket("bkt");
            InputStream failing = failingAfter(bytes(400_000, 1), 250_000);
            assertThatThrownBy(() -> store.put("bkt", "k", failing, 400_000, ObjectMeta.NONE))
                    .isInstanceOf(IOException.class);
            assertThat(store.head("bkt", "k")).isEmpty();
            assertThat(Remotes.dataPosts(Remotes.lanePosts(memory, store.lanes()))).isZero();
        }
    }

    @Test
    void aCommitPostThatFailsLeavesNothingVisibleAndItsDataPostsAreDeleted() throws Exception {
        try (DiscordObjectStore store = open(tmp.resolve("a"), EngineFixture.options())) {
            store.createBucket("bkt");
            remote.failCommits(2);
            assertThatThrownBy(() -> put(store, "small", bytes(1000, 2))).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> put(store, "big", bytes(300_000, 3))).isInstanceOf(IOException.class);
            assertThat(store.head("bkt", "small")).isEmpty();
            assertThat(store.head("bkt", "big")).isEmpty();
            assertThat(Remotes.dataPosts(Remotes.lanePosts(memory, store.lanes()))).as("the failed big body's")
                    .isPositive();

            ObjectInfo later = put(store, "later", bytes(300_000, 4));

            assertThat(read(store, later)).isEqualTo(bytes(300_000, 4));
            assertThat(store.head("bkt", "big")).isEmpty();
            assertThat(Remotes.dataPosts(Remotes.lanePosts(memory, store.lanes())))
                    .as("only the later object's data posts are left").isEqualTo(dataPostsOf(store, later));
        }
    }

    @Test
    void aGatewayKilledBetweenItsDataPostsAndItsCommitShowsNothingAfterwards() throws Exception {
        FakeClock clock = FakeClock.startingNow();
        S3StoreOptions options = EngineFixture.options().withClock(clock);
        DiscordObjectStore store = open(tmp.resolve("a"), options);
        store.createBucket("bkt");
        ObjectInfo kept = put(store, "kept", bytes(200_000, 5));
        remote.failCommits(1); // the process "dies" as its commit post goes out
        assertThatThrownBy(() -> put(store, "lost", bytes(300_000, 6))).isInstanceOf(IOException.class);
        List<String> lanes = store.lanes();
        long dataPosts = Remotes.dataPosts(Remotes.lanePosts(memory, lanes));
        store.kill();

        // another machine, once the dead gateway's lease has expired: the data posts are ignored
        clock.advance(Duration.ofMinutes(2));
        try (DiscordObjectStore fresh = open(tmp.resolve("b"), options)) {
            assertThat(fresh.head("bkt", "lost")).isEmpty();
            assertThat(read(fresh, fresh.head("bkt", "kept").orElseThrow())).isEqualTo(bytes(200_000, 5));
            assertThat(Remotes.dataPosts(Remotes.lanePosts(memory, lanes))).isEqualTo(dataPosts);
        }
        // the same machine again: nothing visible, and the leftover data posts are deleted
        try (DiscordObjectStore again = open(tmp.resolve("a"), options)) {
            assertThat(again.head("bkt", "lost")).isEmpty();
            assertThat(again.head("bkt", "kept").orElseThrow().etag()).isEqualTo(kept.etag());
            assertThat(Remotes.dataPosts(Remotes.lanePosts(memory, lanes))).isEqualTo(dataPostsOf(again, kept));
        }
    }

    @Test
    void aGatewayRestartedAtOnceOnItsDataDirectoryTakesItsOwnStaleLeaseOver() throws Exception {
        DiscordObjectStore store = open(tmp.resolve("a"), EngineFixture.options());
        store.createBucket("bkt");
        store.kill();
        try (DiscordObjectStore again = open(tmp.resolve("a"), EngineFixture.options())) {
            assertThat(again.bucket("bkt")).isPresent();
        }
    }

    @Test
    void aCommitStoredWhoseAnswerWasLostIsFoundByTheNextCommitAndByARebuild() throws Exception {
        try (DiscordObjectStore store = open(tmp.resolve("a"), EngineFixture.options())) {
            store.createBucket("bkt");
            remote.loseCommitAnswers(1);
            assertThatThrownBy(() -> put(store, "uncertain", bytes(300_000, 7))).isInstanceOf(IOException.class);
            assertThat(store.head("bkt", "uncertain")).as("not applied before it is read back").isEmpty();

            put(store, "next", bytes(100, 8));

            ObjectInfo found = store.head("bkt", "uncertain").orElseThrow();
            assertThat(read(store, found)).isEqualTo(bytes(300_000, 7));
        }
        try (DiscordObjectStore fresh = open(tmp.resolve("b"), EngineFixture.options())) {
            assertThat(read(fresh, fresh.head("bkt", "uncertain").orElseThrow())).isEqualTo(bytes(300_000, 7));
        }
    }

    @Test
    void aGatewayKilledAfterTheRemoteStoredItsCommitShowsTheObjectAfterRestart() throws Exception {
        DiscordObjectStore store = open(tmp.resolve("a"), EngineFixture.options());
        store.createBucket("bkt");
        remote.loseCommitAnswers(1); // the commit is stored; the process dies before it applies it
        assertThatThrownBy(() -> put(store, "k", bytes(50_000, 9))).isInstanceOf(IOException.class);
        store.kill();
        try (DiscordObjectStore again = open(tmp.resolve("a"), EngineFixture.options())) {
            assertThat(read(again, again.head("bkt", "k").orElseThrow())).isEqualTo(bytes(50_000, 9));
        }
    }

    // ---- helpers -------------------------------------------------------------------------

    private long dataPostsOf(DiscordObjectStore store, ObjectInfo info) throws IOException {
        return store.index().object(info.bucket(), info.key()).orElseThrow().streams().stream()
                .mapToLong(s -> {
                    try {
                        return store.index().chunks(s.dataId()).stream().map(c -> c.lane() + ":" + c.postId())
                                .distinct().count();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }).sum();
    }

    private static ObjectInfo put(DiscordObjectStore store, String key, byte[] data) throws IOException {
        return store.put("bkt", key, new ByteArrayInputStream(data), data.length, ObjectMeta.NONE);
    }

    private static byte[] read(DiscordObjectStore store, ObjectInfo info) throws IOException {
        try (InputStream in = store.open(info, 0, info.size())) {
            return in.readAllBytes();
        }
    }

    static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static InputStream failingAfter(byte[] data, long limit) {
        return new FilterInputStream(new ByteArrayInputStream(data)) {
            private long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read > limit) {
                    throw new IOException("the client went away");
                }
                int n = super.read(b, off, len);
                read += Math.max(n, 0);
                return n;
            }
        };
    }
}
