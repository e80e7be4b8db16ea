package dev.dos.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dos.core.remote.BlobUpload;
import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.RemoteLimits;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Limits come from the guild's boost tier, and are enforced before anything is sent. */
class UploadLimitsTest {
    static final long MIB = 1024 * 1024;

    @ParameterizedTest
    @CsvSource({"0, 10", "1, 10", "2, 50", "3, 100"})
    void theBlobLimitFollowsTheGuildsBoostTier(int tier, long mebibytes) throws Exception {
        try (DiscordFixture discord = DiscordFixture.start(DiscordFixture.quiet().premiumTier(tier));
             DiscordRemote remote = discord.remote()) {
            RemoteLimits limits = remote.limits();

            assertThat(limits.maxBlobBytes()).isEqualTo(mebibytes * MIB);
            assertThat(limits.maxBlobsPerPost()).isEqualTo(10);
            assertThat(limits.maxTextChars()).isEqualTo(2000);
            assertThat(limits.maxPostBytes()).isGreaterThanOrEqualTo(limits.maxBlobBytes());
        }
    }

    @Test
    void limitsAreAskedOnceAndTooLargeBlobsNeverReachDiscord() throws Exception {
        try (DiscordFixture discord = DiscordFixture.start(DiscordFixture.quiet());
             DiscordRemote remote = discord.remote()) {
            String index = remote.areaId(dev.dos.core.remote.StorageRemote.Area.INDEX);
            long max = remote.limits().maxBlobBytes();
            discord.emulator.admin().clearRequests();

            assertThatThrownBy(() -> remote.post(index, "big", List.of(new BlobUpload("big.bin", new byte[(int) max + 1]))))
                    .isInstanceOf(RemoteException.TooLarge.class).hasMessageContaining(Long.toString(max));
            assertThatThrownBy(() -> remote.post(index, "many", java.util.Collections.nCopies(11,
                    new BlobUpload("x.bin", new byte[1])))).isInstanceOf(RemoteException.TooLarge.class);
            assertThatThrownBy(() -> remote.post(index, "t".repeat(2001), List.of()))
                    .isInstanceOf(RemoteException.TooLarge.class);
            remote.limits();

            assertThat(discord.requests()).isEmpty();
        }
    }

    @Test
    void aLimitLowerThanWeAssumedStillEndsAsTooLarge() throws Exception {
        try (DiscordFixture discord = DiscordFixture.start(DiscordFixture.quiet().uploadLimitBytes(MIB));
             DiscordRemote remote = discord.remote()) {
            String index = remote.areaId(dev.dos.core.remote.StorageRemote.Area.INDEX);

            assertThatThrownBy(() -> remote.post(index, "", List.of(new BlobUpload("b.bin", new byte[(int) MIB + 1]))))
                    .isInstanceOf(RemoteException.TooLarge.class).hasMessageContaining("40005");
        }
    }
}
