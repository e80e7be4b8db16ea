package dev.dos.core.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The shared token bucket behind --bwlimit, on a fake clock. */
class BandwidthLimitTest {
    private static final class FakeClock implements Ticker {
        long now;

        @Override
        public long nanos() {
            return now;
        }

        @Override
        public void sleep(Duration duration) {
            now += Math.max(0, duration.toNanos());
        }
    }

    @Test
    void aFullBucketLetsOneSecondsWorthPassAtOnceThenPacesAtTheRate() throws Exception {
        FakeClock clock = new FakeClock();
        BandwidthLimit limit = new BandwidthLimit(1000, clock);
        limit.take(1000);
        assertThat(clock.now).isZero();
        limit.take(500);
        assertThat(clock.now).isEqualTo(500_000_000L);
        limit.take(2000); // more than the bucket holds: waits for its whole debt, once
        assertThat(clock.now).isEqualTo(2_500_000_000L);
    }

    @Test
    void takersShareTheRateSoTheAverageNeverExceedsIt() {
        FakeClock clock = new FakeClock();
        BandwidthLimit limit = new BandwidthLimit(1_000_000, clock);
        // Eight workers book 250 KB each at the same instant: the last waits until all 2 MB fit the rate.
        Duration last = Duration.ZERO;
        for (int worker = 0; worker < 8; worker++) {
            last = limit.reserve(250_000);
        }
        assertThat(last).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void anIdleBucketRefillsOnlyUpToOneSecondsWorth() throws Exception {
        FakeClock clock = new FakeClock();
        BandwidthLimit limit = new BandwidthLimit(1000, clock);
        clock.now += Duration.ofMinutes(5).toNanos();
        assertThat(limit.reserve(1000)).isZero();
        assertThat(limit.reserve(1000)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aThrottledRemoteCountsPostedAndReadBlobBytesButNotText() throws Exception {
        FakeClock clock = new FakeClock();
        try (var memory = new dev.dos.core.remote.memory.InMemoryRemote()) {
            ThrottledRemote remote = new ThrottledRemote(memory, new BandwidthLimit(100_000, clock));
            String container = remote.createContainer("c");
            Post post = remote.post(container, "", java.util.List.of(new BlobUpload("a", new byte[300_000])));
            assertThat(clock.now).as("posting 300 KB at 100 KB/s after a 100 KB burst").isEqualTo(2_000_000_000L);
            remote.post(remote.areaId(StorageRemote.Area.INDEX), "text only", java.util.List.of());
            assertThat(clock.now).isEqualTo(2_000_000_000L);
            try (var in = remote.openBlob(post.blobs().getFirst().ref())) {
                assertThat(in.readAllBytes()).hasSize(300_000);
            }
            assertThat(clock.now).as("reading them back").isEqualTo(5_000_000_000L);
        }
    }
}
