package dev.dos.emulator.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.emulator.DiscordEmulator;
import dev.dos.emulator.EmulatorConfig;
import dev.dos.emulator.live.LiveCondition;
import dev.dos.emulator.live.LiveSettings;
import java.io.IOException;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import dev.dos.testkit.RawDiscord;
import dev.dos.testkit.Multipart;
import dev.dos.testkit.FakeClock;
import dev.dos.testkit.EmulatorFixture;

/**
 * Starts a fresh in-memory emulator for every test and talks to it as a bot would. Rate limits
 * and faults are off unless a test class turns them on in {@link #configure}.
 *
 * <p>In live mode ({@code -Plive}, docs/EMULATOR.md "Live mode") the tests marked
 * {@link dev.dos.emulator.live.Live @Live} talk to Discord instead, through a {@link LiveTarget}:
 * {@link #emulator} is then null, and ids come from {@link #target}.
 */
@ExtendWith(LiveCondition.class)
abstract class EmulatorContract {
    /** The emulator; null in live mode, where only {@link #target} exists. */
    protected DiscordEmulator emulator;
    /** The emulator with its request log; null in live mode. */
    protected EmulatorFixture fixture;
    /** The emulator or live Discord: ids, token, CDN. */
    protected ContractTarget target;
    protected RawDiscord discord;
    protected String storage;
    /** The emulator's clock: real time, pushed forward by tests that need days to pass (live: it waits). */
    protected final FakeClock clock = LiveSettings.requested() ? FakeClock.realTime() : FakeClock.running();

    /** Test classes adjust the configuration here; the default is quiet and in memory. */
    protected EmulatorConfig.Builder configure(EmulatorConfig.Builder config) {
        return config;
    }

    static EmulatorConfig.Builder quietConfig() {
        return EmulatorFixture.quiet();
    }

    @BeforeEach
    void startTarget(TestInfo test) throws IOException {
        if (LiveSettings.requested()) {
            InLiveChannel inChannel = test.getTestMethod().map(m -> m.getAnnotation(InLiveChannel.class))
                    .orElseGet(() -> getClass().getAnnotation(InLiveChannel.class));
            target = LiveTarget.open(LiveSettings.require(), getClass().getSimpleName() + "."
                    + test.getTestMethod().map(java.lang.reflect.Method::getName).orElse("?"), inChannel);
        } else {
            fixture = EmulatorFixture.start(configure(quietConfig().clock(clock)));
            emulator = fixture.emulator();
            target = new EmulatorTarget(fixture);
        }
        discord = target.discord();
        storage = target.storage();
    }

    @AfterEach
    void stopTarget() {
        if (target != null) {
            target.close();
        } else if (emulator != null) {
            emulator.close();
        }
    }

    protected JsonNode postText(String channelId, String content) {
        return discord.post("/channels/" + channelId + "/messages", Map.of("content", content)).expect(200).json();
    }

    /** Posts files[0..n-1] with a matching attachments array, the way the product uploads chunks. */
    protected JsonNode postFiles(String channelId, String content, byte[]... files) {
        return discord.post("/channels/" + channelId + "/messages", filesForm(content, files)).expect(200).json();
    }

    static Multipart filesForm(String content, byte[]... files) {
        return EmulatorFixture.filesForm(content, files);
    }

    protected JsonNode createThread(String channelId, String name) {
        return discord.post("/channels/" + channelId + "/threads",
                Map.of("name", name, "type", 11, "auto_archive_duration", 1440)).expect(201).json();
    }

    /** Creates a public thread in {@code channelId} and returns its id. */
    protected String newThread(String channelId, String name) {
        return createThread(channelId, name).path("id").asText();
    }

    /** Posts files[0..] without content (with an attachments array) and returns the message JSON. */
    protected JsonNode postFiles(String channelId, byte[]... files) {
        return postFiles(channelId, "", files);
    }

    static JsonNode json(String text) {
        try {
            return RawDiscord.JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    protected String botUserId() {
        return discord.get("/users/@me").expect(200).json().path("id").asText();
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static String repeat(char c, int times) {
        return String.valueOf(c).repeat(times);
    }
}
