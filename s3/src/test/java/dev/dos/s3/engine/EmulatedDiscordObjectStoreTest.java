package dev.dos.s3.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.s3.store.ObjectStore;
import dev.dos.s3.store.ObjectStoreConformance;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The object-store contract over Discord: {@link dev.dos.discord.DiscordRemote} against the
 * emulator with Discord's rate limits on, every exchange validated against Discord's OpenAPI
 * description. The client learns the buckets from the headers, so not one request may draw a 429.
 */
class EmulatedDiscordObjectStoreTest extends ObjectStoreConformance {
    private static EmulatedDiscord discord;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startDiscord() throws Exception {
        discord = EmulatedDiscord.start();
    }

    @AfterAll
    static void noRequestWasRateLimited() {
        try {
            assertThat(discord.requests()).hasSizeGreaterThan(100);
            assertThat(discord.requests()).noneSatisfy(r -> assertThat(r.status()).isEqualTo(429));
        } finally {
            discord.close();
        }
    }

    @Override
    protected ObjectStore open() throws Exception {
        discord.forgetStores();
        return EngineFixture.open(discord.remote(), tmp.resolve("data"));
    }
}
