package dev.dos.s3.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dos.core.remote.memory.InMemoryRemote;
import dev.dos.testkit.FakeClock;
import dev.dos.s3.store.ObjectMeta;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per store: the lease on the remote, and the lock on the data directory. */
class LeaseTest {
    @TempDir
    Path tmp;

    private final InMemoryRemote remote = new InMemoryRemote();

    @Test
    void aSecondGatewayIsRefusedWithAClearLineAndOpensOnceTheFirstHasClosed() throws Exception {
        DiscordObjectStore first = EngineFixture.open(remote, tmp.resolve("a"));
        first.createBucket("bkt");
        assertThatThrownBy(() -> EngineFixture.open(remote, tmp.resolve("b")))
                .isInstanceOf(LeaseRefusedException.class)
                .hasMessageContaining("in use by another gateway")
                .hasMessageContaining("holder ")
                .hasMessageContaining("renewed until ")
                .hasMessageContaining("start again after");
        first.close();
        try (DiscordObjectStore second = EngineFixture.open(remote, tmp.resolve("b"))) {
            assertThat(second.bucket("bkt")).isPresent();
        }
    }

    @Test
    void anExpiredLeaseIsTakenOverAndItsFormerHolderStopsWriting() throws Exception {
        FakeClock clock = FakeClock.startingNow();
        S3StoreOptions options = EngineFixture.options().withClock(clock);
        DiscordObjectStore stale = DiscordObjectStore.open(remote, EngineFixture.KEY, tmp.resolve("a"), options);
        stale.createBucket("bkt");

        clock.advance(options.leaseTtl().plusSeconds(1));
        try (DiscordObjectStore taker = DiscordObjectStore.open(remote, EngineFixture.KEY, tmp.resolve("b"), options)) {
            assertThatThrownBy(() -> stale.put("bkt", "k", new ByteArrayInputStream(new byte[1]), 1, ObjectMeta.NONE))
                    .isInstanceOf(LeaseRefusedException.class).hasMessageContaining("taken over");
            taker.put("bkt", "k", new ByteArrayInputStream(new byte[1]), 1, ObjectMeta.NONE);
            assertThat(taker.head("bkt", "k")).isPresent();
        } finally {
            stale.close();
        }
    }

    @Test
    void aLeaseRenewedInTimeKeepsItsHolder() throws Exception {
        FakeClock clock = FakeClock.startingNow();
        S3StoreOptions options = EngineFixture.options().withClock(clock);
        try (DiscordObjectStore store = DiscordObjectStore.open(remote, EngineFixture.KEY, tmp.resolve("a"), options)) {
            for (int i = 0; i < 4; i++) {
                clock.advance(options.leaseTtl().dividedBy(2).plusSeconds(1));
                store.createBucket("bkt-" + i); // each commit first renews the lease that is half gone
            }
            assertThatThrownBy(() -> DiscordObjectStore.open(remote, EngineFixture.KEY, tmp.resolve("b"), options))
                    .isInstanceOf(LeaseRefusedException.class);
        }
    }

    @Test
    void ofGatewaysStartingTogetherExactlyOneWins() throws Exception {
        S3StoreOptions options = EngineFixture.options().withLease(Duration.ofSeconds(90), Duration.ofSeconds(30),
                Duration.ofMillis(300));
        List<Future<DiscordObjectStore>> starts = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 4; i++) {
                Path dir = tmp.resolve("g" + i);
                starts.add(pool.submit(() -> DiscordObjectStore.open(remote, EngineFixture.KEY, dir, options)));
            }
        }
        List<DiscordObjectStore> winners = new ArrayList<>();
        int refused = 0;
        for (Future<DiscordObjectStore> start : starts) {
            try {
                winners.add(start.get());
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(LeaseRefusedException.class);
                refused++;
            }
        }
        try {
            assertThat(winners).hasSize(1);
            assertThat(refused).isEqualTo(3);
        } finally {
            for (DiscordObjectStore w : winners) {
                w.close();
            }
        }
    }

    @Test
    void oneDataDirectoryServesOneGatewayAtATime() throws Exception {
        try (DiscordObjectStore first = EngineFixture.open(remote, tmp.resolve("a"))) {
            assertThatThrownBy(() -> EngineFixture.open(new InMemoryRemote(), tmp.resolve("a")))
                    .isInstanceOf(IOException.class).hasMessageContaining("uses the data directory");
            assertThat(first.buckets()).isEmpty();
        }
    }
}
