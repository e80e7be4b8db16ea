package dev.dos.discord;

import dev.dos.emulator.DiscordEmulator;
import dev.dos.emulator.EmulatorConfig;
import dev.dos.emulator.FaultConfig;
import dev.dos.emulator.RateLimitConfig;
import dev.dos.emulator.RequestRecord;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** An emulator on 127.0.0.1 and settings that point the product's client at it. */
final class EmulatorFixture implements AutoCloseable {

    /** Quick retries so failure tests do not wait; the shape (attempts, jitter) stays the product's. */
    static final RetrySettings FAST_RETRY = new RetrySettings(5, Duration.ofMillis(10), Duration.ofMillis(200),
            Duration.ofSeconds(30), Duration.ofSeconds(5));

    final DiscordEmulator emulator;

    private EmulatorFixture(DiscordEmulator emulator) {
        this.emulator = emulator;
    }

    /** In memory, unboosted, no rate limits, no faults. */
    static EmulatorConfig.Builder quiet() {
        return EmulatorConfig.builder()
                .port(0)
                .dataDir(null)
                .premiumTier(0)
                .rateLimits(RateLimitConfig.disabled())
                .faults(FaultConfig.none())
                .seed(42);
    }

    static EmulatorFixture start(EmulatorConfig.Builder config) throws IOException {
        return new EmulatorFixture(DiscordEmulator.start(config.build()));
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

    String storage() {
        return emulator.channelId("storage");
    }

    String token() {
        return emulator.token();
    }

    List<RequestRecord> requests() {
        return emulator.admin().requests();
    }

    /** Requests whose path contains {@code pathPart}, e.g. "/messages" or "/attachments/". */
    List<RequestRecord> requests(String method, String pathPart) {
        return requests().stream().filter(r -> r.method().equals(method) && r.path().contains(pathPart)).toList();
    }

    long count(int status) {
        return requests().stream().filter(r -> r.status() == status).count();
    }

    @Override
    public void close() {
        emulator.close();
    }
}
