package dev.dos.s3.engine;

import dev.dos.core.remote.Post;
import dev.dos.core.remote.PostPages;
import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.StorageRemote;
import dev.dos.discord.DiscordRemote;
import dev.dos.discord.DiscordSettings;
import dev.dos.discord.RetrySettings;
import dev.dos.emulator.DiscordEmulator;
import dev.dos.emulator.EmulatorConfig;
import dev.dos.emulator.FaultConfig;
import dev.dos.emulator.RateLimitConfig;
import dev.dos.emulator.RequestRecord;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Discord emulator enforcing Discord's default rate limits (25 times faster, so tests stay
 * quick), and {@link DiscordRemote}s pointed at it. Every exchange is checked against Discord's
 * OpenAPI description by the emulator's test-jar (a mismatch fails the test).
 */
final class EmulatedDiscord implements AutoCloseable {
    private static final RetrySettings FAST_RETRY = new RetrySettings(5, Duration.ofMillis(10), Duration.ofMillis(200),
            Duration.ofSeconds(30), Duration.ofSeconds(5));

    private final DiscordEmulator emulator;
    private final List<DiscordRemote> remotes = new ArrayList<>();

    private EmulatedDiscord(DiscordEmulator emulator) {
        this.emulator = emulator;
    }

    static EmulatedDiscord start() throws IOException {
        return new EmulatedDiscord(DiscordEmulator.start(EmulatorConfig.builder()
                .port(0)
                .dataDir(null)
                .premiumTier(0)
                .rateLimits(RateLimitConfig.discordDefaults().toBuilder().timeScale(25).build())
                .faults(FaultConfig.none())
                .seed(42)
                .build()));
    }

    /** A remote of its own (closed with this fixture). */
    synchronized DiscordRemote remote() {
        DiscordRemote remote = DiscordRemote.connect(DiscordSettings.builder()
                .baseUrl(emulator.baseUrl())
                .token(emulator.token())
                .guildId(emulator.guildId())
                .channels(emulator.channelId("storage"), emulator.channelId("index"), emulator.channelId("backup"))
                .retry(FAST_RETRY)
                .build());
        remotes.add(remote);
        return remote;
    }

    /** Deletes every post of the index area: the next store opened here is a new one. */
    void forgetStores() throws RemoteException {
        StorageRemote remote = remote();
        String area = remote.areaId(StorageRemote.Area.INDEX);
        List<Post> posts = new ArrayList<>();
        PostPages.forEach(remote, area, null, posts::add);
        for (Post post : posts) {
            remote.deletePost(area, post.id());
        }
    }

    List<RequestRecord> requests() {
        return emulator.admin().requests();
    }

    @Override
    public synchronized void close() {
        remotes.forEach(DiscordRemote::close);
        emulator.close();
    }
}
