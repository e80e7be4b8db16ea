package dev.dos.emulator.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dos.emulator.DiscordEmulator;
import dev.dos.emulator.EmulatorConfig;
import dev.dos.emulator.RateLimitConfig;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh in-memory emulator per test, on a clock the test moves by hand, with rate limits off
 * unless a test class turns them on in {@link #configure}.
 */
public abstract class EmulatorFixture {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    protected final MutableClock clock = MutableClock.startingNow();
    protected DiscordEmulator discord;
    protected RawDiscord api;
    protected String storage;

    protected EmulatorConfig.Builder configure(EmulatorConfig.Builder config) {
        return config;
    }

    @BeforeEach
    void startEmulator() throws IOException {
        discord = DiscordEmulator.start(configure(EmulatorConfig.builder().seed(7).clock(clock)
                .rateLimits(RateLimitConfig.disabled())).build());
        api = new RawDiscord(discord);
        storage = discord.channelId("storage");
    }

    @AfterEach
    void stopEmulator() {
        if (discord != null) {
            discord.close();
        }
    }

    protected static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Creates a public thread in {@code channelId} and returns its id. */
    protected String newThread(String channelId, String name) {
        Response r = api.post("/channels/" + channelId + "/threads",
                "{\"name\":\"" + name + "\",\"type\":11,\"auto_archive_duration\":1440}");
        if (r.status() != 201) {
            throw new AssertionError("creating a thread failed: " + r);
        }
        return r.json().get("id").asText();
    }

    /** Posts files[0..] (with an attachments array) and returns the message JSON (asserts 200). */
    protected JsonNode postFiles(String channelId, byte[]... files) {
        Response r = api.postMultipart("/channels/" + channelId + "/messages", filesBody("", files));
        if (r.status() != 200) {
            throw new AssertionError("posting files failed: " + r);
        }
        return r.json();
    }

    protected static Multipart filesBody(String content, byte[]... files) {
        StringBuilder attachments = new StringBuilder();
        for (int n = 0; n < files.length; n++) {
            attachments.append(n == 0 ? "" : ",").append("{\"id\":").append(n).append(",\"filename\":\"chunk-")
                    .append(n).append(".bin\"}");
        }
        Multipart form = new Multipart().payloadJson("{\"content\":" + RawDiscord.quote(content)
                + ",\"attachments\":[" + attachments + "]}");
        for (int n = 0; n < files.length; n++) {
            form.file(n, "chunk-" + n + ".bin", "application/octet-stream", files[n]);
        }
        return form;
    }
}
