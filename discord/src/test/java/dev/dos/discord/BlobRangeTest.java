package dev.dos.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.core.remote.BlobRef;
import dev.dos.core.remote.BlobUpload;
import dev.dos.emulator.RequestRecord;
import dev.dos.testkit.FakeClock;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A byte range of a blob (a chunk inside an S3 pack) is one HTTP Range request to the CDN: only
 * those bytes travel, also when the link has to be refreshed first.
 */
class BlobRangeTest {
    private final FakeClock clock = FakeClock.startingNow();
    private DiscordFixture discord;
    private DiscordRemote remote;
    private String index;

    @BeforeEach
    void start() throws Exception {
        discord = DiscordFixture.start(DiscordFixture.quiet().linkExpiry(Duration.ofSeconds(1)).clock(clock));
        remote = discord.remote();
        index = discord.emulator.channelId("index");
    }

    @AfterEach
    void stop() {
        remote.close();
        discord.close();
    }

    @Test
    void aRangeFetchesOnlyItsBytes() throws Exception {
        byte[] bytes = RetryTest.random(300_000, 3);
        BlobRef ref = remote.post(index, "", List.of(new BlobUpload("pack.s3p", bytes))).blobs().getFirst().ref();
        discord.emulator.admin().clearRequests();

        try (InputStream in = remote.openBlob(ref, 120_000, 5_000)) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(bytes, 120_000, 125_000));
        }

        List<RequestRecord> cdn = discord.requests("GET", "/attachments/");
        assertThat(cdn).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(206);
            assertThat(r.responseBytes()).isEqualTo(5_000);
        });
    }

    @Test
    void aRangeThroughAnExpiredLinkIsStillARange() throws Exception {
        byte[] bytes = RetryTest.random(100_000, 4);
        BlobRef ref = remote.post(index, "", List.of(new BlobUpload("pack.s3p", bytes))).blobs().getFirst().ref();
        try (InputStream in = remote.openBlob(ref, 0, 10)) { // caches the message and its link
            in.readAllBytes();
        }
        clock.advance(Duration.ofSeconds(5)); // the cached link has expired
        discord.emulator.admin().clearRequests();

        try (InputStream in = remote.openBlob(ref, 99_000, 1_000)) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(bytes, 99_000, 100_000));
        }
        List<RequestRecord> cdn = discord.requests("GET", "/attachments/");
        assertThat(cdn.getFirst().status()).as("the stale link").isIn(403, 404);
        assertThat(cdn.getLast().status()).isEqualTo(206);
        assertThat(cdn.getLast().responseBytes()).isEqualTo(1_000);
    }
}
