package dev.dos.core.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.core.remote.memory.InMemoryRemote;
import dev.dos.testkit.FakeClock;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The remote behind {@code --bwlimit} keeps the storage contract: the whole conformance suite runs
 * through a {@link ThrottledRemote} over the in-memory remote. Its bucket runs on a fake clock that
 * sleeps by moving itself, so the cap costs the suite no time and the pacing can be checked exactly.
 */
class ThrottledRemoteConformanceTest extends StorageRemoteConformance {
    private static final long RATE = 1024;

    private final FakeClock clock = FakeClock.at(Instant.EPOCH);

    @Override
    protected StorageRemote newRemote() {
        return new ThrottledRemote(new InMemoryRemote(), new BandwidthLimit(RATE, Tickers.of(clock)));
    }

    @Test
    void blobBytesPostedAndReadAreHeldToTheRate() throws Exception {
        String container = remote.createContainer("dos-paced");
        byte[] bytes = new byte[10 * (int) RATE];
        new Random(3).nextBytes(bytes);
        Post post = remote.post(container, "paced", List.of(new BlobUpload("a.bin", bytes)));
        // A full bucket (one second's worth) lets 1 KiB through at once; the other 9 KiB wait 9 s.
        assertThat(clock.nanos()).isEqualTo(Duration.ofSeconds(9).toNanos());
        try (InputStream in = remote.openBlob(post.blobs().getFirst().ref())) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
        assertThat(clock.nanos()).isEqualTo(Duration.ofSeconds(19).toNanos());
        remote.post(container, "text only", List.of());
        assertThat(clock.nanos()).as("texts are not counted").isEqualTo(Duration.ofSeconds(19).toNanos());
    }

}
