package dev.dos.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.core.remote.StorageRemote;
import dev.dos.core.remote.StorageRemoteConformance;
import dev.dos.emulator.RateLimitConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole storage contract again, against an emulator enforcing Discord's default rate limits
 * (run 25 times faster so the suite stays quick). The client learns every bucket from the
 * headers and waits before it would exceed one, so not a single request may draw a 429.
 */
class DiscordRemoteUnderRateLimitsTest extends StorageRemoteConformance {
    private static DiscordFixture discord;

    @BeforeAll
    static void startEmulator() throws Exception {
        discord = DiscordFixture.start(DiscordFixture.quiet()
                .rateLimits(RateLimitConfig.discordDefaults().toBuilder().timeScale(25).build()));
    }

    @AfterAll
    static void noRequestWasRateLimited() {
        try {
            assertThat(discord.requests()).hasSizeGreaterThan(500);
            assertThat(discord.requests()).noneSatisfy(r -> assertThat(r.status()).isEqualTo(429));
        } finally {
            discord.close();
        }
    }

    @Override
    protected StorageRemote newRemote() {
        return discord.remote();
    }
}
