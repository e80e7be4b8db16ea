package dev.dos.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.emulator.DiscordEmulator;
import dev.dos.emulator.EmulatorConfig;
import dev.dos.emulator.FaultConfig;
import dev.dos.emulator.RateLimitConfig;
import dev.dos.emulator.RequestRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An emulator on 127.0.0.1 for one test, with the bot's {@link RawDiscord} client and what the
 * tests ask of it (channels, the request log). {@link #quiet()} is the usual configuration: in
 * memory, unboosted, no rate limits, no faults; a test adds its own clock with
 * {@code quiet().clock(FakeClock...)}. Modules with a client of their own extend it with the
 * wiring to point that client here.
 */
public class EmulatorFixture implements AutoCloseable {
    public final DiscordEmulator emulator;
    private final RawDiscord raw;

    protected EmulatorFixture(DiscordEmulator emulator) {
        this.emulator = emulator;
        this.raw = RawDiscord.of(emulator);
    }

    /** In memory, unboosted, no rate limits, no faults, a fixed seed. */
    public static EmulatorConfig.Builder quiet() {
        return EmulatorConfig.builder()
                .port(0)
                .dataDir(null)
                .premiumTier(0)
                .rateLimits(RateLimitConfig.disabled())
                .faults(FaultConfig.none())
                .seed(42);
    }

    public static EmulatorFixture start(EmulatorConfig.Builder config) {
        return new EmulatorFixture(launch(config));
    }

    /** Starts an emulator, for subclasses' factories. */
    protected static DiscordEmulator launch(EmulatorConfig.Builder config) {
        try {
            return DiscordEmulator.start(config.build());
        } catch (IOException e) {
            throw new UncheckedIOException("the emulator did not start", e);
        }
    }

    public DiscordEmulator emulator() {
        return emulator;
    }

    /** The bot's bare client. */
    public RawDiscord raw() {
        return raw;
    }

    public String storage() {
        return emulator.channelId("storage");
    }

    public String channelId(String name) {
        return emulator.channelId(name);
    }

    public String token() {
        return emulator.token();
    }

    public List<RequestRecord> requests() {
        return emulator.admin().requests();
    }

    /** Requests whose path contains {@code pathPart}, e.g. "/messages" or "/attachments/". */
    public List<RequestRecord> requests(String method, String pathPart) {
        return requests().stream().filter(r -> r.method().equals(method) && r.path().contains(pathPart)).toList();
    }

    public long count(int status) {
        return requests().stream().filter(r -> r.status() == status).count();
    }

    /** Creates a public thread in {@code channelId} and returns its id. */
    public String newThread(String channelId, String name) {
        return raw.post("/channels/" + channelId + "/threads",
                Map.of("name", name, "type", 11, "auto_archive_duration", 1440)).expect(201).json().path("id").asText();
    }

    /** Posts files[0..n-1] with a matching attachments array, the way the product uploads chunks. */
    public JsonNode postFiles(String channelId, String content, byte[]... files) {
        return raw.post("/channels/" + channelId + "/messages", filesForm(content, files)).expect(200).json();
    }

    /** The form of {@link #postFiles}: files {@code chunk-n.bin} with a matching attachments array. */
    public static Multipart filesForm(String content, byte[]... files) {
        List<Map<String, Object>> attachments = new ArrayList<>();
        for (int n = 0; n < files.length; n++) {
            attachments.add(Map.of("id", n, "filename", "chunk-" + n + ".bin"));
        }
        Multipart form = Multipart.form().payloadJson(Map.of("content", content, "attachments", attachments));
        for (int n = 0; n < files.length; n++) {
            form.file(n, "chunk-" + n + ".bin", files[n]);
        }
        return form;
    }

    @Override
    public void close() {
        emulator.close();
    }
}
