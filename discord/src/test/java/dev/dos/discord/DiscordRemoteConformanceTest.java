package dev.dos.discord;

import dev.dos.core.remote.StorageRemote;
import dev.dos.core.remote.StorageRemoteConformance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The Discord remote against the emulator over real HTTP: every meaning of the storage contract. */
class DiscordRemoteConformanceTest extends StorageRemoteConformance {
    private static DiscordFixture discord;

    @BeforeAll
    static void startEmulator() throws Exception {
        discord = DiscordFixture.start(DiscordFixture.quiet());
    }

    @AfterAll
    static void stopEmulator() {
        discord.close();
    }

    @Override
    protected StorageRemote newRemote() {
        return discord.remote();
    }
}
