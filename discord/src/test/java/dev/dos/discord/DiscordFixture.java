package dev.dos.discord;

import dev.dos.emulator.EmulatorConfig;
import dev.dos.testkit.EmulatorFixture;
import java.time.Duration;

/** The test kit's emulator with the settings that point the product's client at it. */
final class DiscordFixture extends EmulatorFixture {

    /** Quick retries so failure tests do not wait; the shape (attempts, jitter) stays the product's. */
    static final RetrySettings FAST_RETRY = new RetrySettings(5, Duration.ofMillis(10), Duration.ofMillis(200),
            Duration.ofSeconds(30), Duration.ofSeconds(5));

    private DiscordFixture(EmulatorConfig.Builder config) {
        super(launch(config));
    }

    public static DiscordFixture start(EmulatorConfig.Builder config) {
        return new DiscordFixture(config);
    }

    DiscordSettings.Builder settings() {
        return DiscordSettings.builder()
                .baseUrl(emulator.baseUrl())
                .token(emulator.token())
                .guildId(emulator.guildId())
                .channels(storage(), emulator.channelId("index"), emulator.channelId("backup"))
                .retry(FAST_RETRY);
    }

    DiscordRestClient client() {
        return new DiscordRestClient(settings().build());
    }

    DiscordRemote remote() {
        return DiscordRemote.connect(settings().build());
    }
}
