package dev.dos.core.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The shared token bucket behind --bwlimit, on a fake clock. */
class BandwidthLimitTest {
    @Test
    void aFullBucketLetsOneSecondsWorthPassAtOnceThenPacesAtTheRate() throws Exception {
        FakeClock clock = FakeClock.at(Instant.EPOCH);
        BandwidthLimit limit = new BandwidthLimit(1000, Tickers.of(clock));
        limit.take(1000);
        assertThat(clock.nanos()).isZero();
        limit.take(500);
        assertThat(clock.nanos()).isEqualTo(500_000_000L);
        limit.take(2000); // more than the bucket holds: waits for its whole debt, once
        assertThat(clock.nanos()).isEqualTo(2_500_000_000L);
    }

    @Test
    void takersShareTheRateSoTheAverageNeverExceedsIt() {
        FakeClock clock = FakeClock.at(Instant.EPOCH);
        BandwidthLimit limit = new BandwidthLimit(1_000_000, Tickers.of(clock));
        // Eight workers book 250 KB each at the same instant: the last waits until all 2 MB fit the rate.
        Duration last = Duration.ZERO;
        for (int worker = 0; worker < 8; worker++) {
            last = limit.reserve(250_000);
        }
        assertThat(last).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void anIdleBucketRefillsOnlyUpToOneSecondsWorth() throws Exception {
        FakeClock clock = FakeClock.at(Instant.EPOCH);
        BandwidthLimit limit = new BandwidthLimit(1000, Tickers.of(clock));
        clock.advance(Duration.ofMinutes(5));
        assertThat(limit.reserve(1000)).isZero();
        assertThat(limit.reserve(1000)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aThrottledRemoteCountsPostedAndReadBlobBytesButNotText() throws Exception {
        FakeClock clock = FakeClock.at(Instant.EPOCH);
        try (var memory = new dev.dos.core.remote.memory.InMemoryRemote()) {
            ThrottledRemote remote = new ThrottledRemote(memory, new BandwidthLimit(100_000, Tickers.of(clock)));
            String container = remote.createContainer("c");
            Post post = remote.post(container, "", java.util.List.of(new BlobUpload("a", new byte[300_000])));
            assertThat(clock.nanos()).as("posting 300 KB at 100 KB/s after a 100 KB burst").isEqualTo(2_000_000_000L);
            remote.post(remote.areaId(StorageRemote.Area.INDEX), "text only", java.util.List.of());
            assertThat(clock.nanos()).isEqualTo(2_000_000_000L);
            try (var in = remote.openBlob(post.blobs().getFirst().ref())) {
                assertThat(in.readAllBytes()).hasSize(300_000);
            }
            assertThat(clock.nanos()).as("reading them back").isEqualTo(5_000_000_000L);
        }
    }
}
