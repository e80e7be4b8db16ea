package dev.dos.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.testkit.Multipart;
import dev.dos.testkit.RawDiscord;
import dev.dos.testkit.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.dos.emulator.DiscordEmulator;
import dev.dos.emulator.EmulatorConfig;
import dev.dos.emulator.RateLimitConfig;

/** A data directory keeps the sandbox across restarts; attachment bytes are plain files. */
class PersistenceAcrossRestartTest {
    @TempDir
    Path data;

    private EmulatorConfig config() {
        return EmulatorConfig.builder().dataDir(data).rateLimits(RateLimitConfig.disabled()).build();
    }

    @Test
    void tokenIdsMessagesThreadsAndAttachmentsSurviveARestart() throws Exception {
        String token;
        String storage;
        String messageId;
        String attachmentId;
        String thread;
        String permissionless;
        try (DiscordEmulator first = DiscordEmulator.start(config())) {
            RawDiscord discord = RawDiscord.of(first);
            token = first.token();
            storage = first.channelId("storage");
            Multipart form = new Multipart().payloadJson("{\"content\":\"kept\"}")
                    .file(0, "a.bin", null, "persisted bytes".getBytes(StandardCharsets.UTF_8));
            JsonNode m = discord.post("/channels/" + storage + "/messages", form).json();
            messageId = m.get("id").asText();
            attachmentId = m.at("/attachments/0/id").asText();
            thread = discord.post("/channels/" + storage + "/threads", "{\"name\":\"t\",\"type\":11}").json()
                    .get("id").asText();
            discord.postMessage(thread, "in thread");
            permissionless = first.channelId("backup");
            first.admin().setChannelPermissions(permissionless, 0);
            assertThat(data.resolve("attachments").resolve(attachmentId)).exists();
        }
        try (DiscordEmulator second = DiscordEmulator.start(config())) {
            RawDiscord discord = RawDiscord.of(second);
            assertThat(second.token()).isEqualTo(token);
            assertThat(second.channelId("storage")).isEqualTo(storage);
            JsonNode m = discord.get("/channels/" + storage + "/messages/" + messageId).json();
            assertThat(m.get("content").asText()).isEqualTo("kept");
            assertThat(RawDiscord.fetch(m.at("/attachments/0/url").asText()).text()).isEqualTo("persisted bytes");
            assertThat(discord.get("/channels/" + thread + "/messages").json().get(0).get("content").asText())
                    .isEqualTo("in thread");
            assertThat(discord.get("/channels/" + permissionless).status()).isEqualTo(403);
            String newer = discord.postMessage(storage, "after restart").get("id").asText();
            assertThat(Long.parseLong(newer)).isGreaterThan(Long.parseLong(messageId));
        }
    }

    @Test
    void deletionsAndARotatedTokenPersist() throws Exception {
        String rotated;
        String messageId;
        try (DiscordEmulator first = DiscordEmulator.start(config())) {
            RawDiscord discord = RawDiscord.of(first);
            messageId = discord.postMessage(first.channelId("index"), "doomed").get("id").asText();
            first.admin().deleteMessage(first.channelId("index"), messageId);
            rotated = first.admin().rotateToken();
        }
        try (DiscordEmulator second = DiscordEmulator.start(config())) {
            assertThat(second.token()).isEqualTo(rotated);
            Reply r = RawDiscord.of(second).get("/channels/" + second.channelId("index") + "/messages/" + messageId);
            assertThat(r.status()).isEqualTo(404);
        }
    }

    @Test
    void aJournalEntryCutShortByACrashIsIgnored() throws Exception {
        String kept;
        try (DiscordEmulator first = DiscordEmulator.start(config())) {
            kept = RawDiscord.of(first).postMessage(first.channelId("storage"), "kept").get("id").asText();
        }
        Files.writeString(data.resolve("journal.jsonl"), "{\"op\":\"message\",\"message\":{\"id\":1",
                StandardOpenOption.APPEND);
        try (DiscordEmulator second = DiscordEmulator.start(config())) {
            assertThat(RawDiscord.of(second).get("/channels/" + second.channelId("storage") + "/messages/" + kept)
                    .status()).isEqualTo(200);
        }
    }

    @Test
    void aDataDirectoryServesOneEmulatorAtATime() throws Exception {
        try (DiscordEmulator first = DiscordEmulator.start(config())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> DiscordEmulator.start(config()))
                    .isInstanceOf(java.io.IOException.class).hasMessageContaining("in use by another emulator");
            assertThat(first.token()).isNotEmpty();
        }
        try (DiscordEmulator again = DiscordEmulator.start(config())) {
            assertThat(again.token()).isNotEmpty();
        }
    }

    @Test
    void theInMemoryModeLeavesNoFilesBehind() throws Exception {
        Path file;
        try (DiscordEmulator memory = DiscordEmulator.start(EmulatorConfig.builder()
                .rateLimits(RateLimitConfig.disabled()).build())) {
            RawDiscord discord = RawDiscord.of(memory);
            JsonNode m = discord.post("/channels/" + memory.channelId("storage") + "/messages",
                    new Multipart().file(0, "a.bin", null, new byte[] {1})).json();
            file = memory.admin().attachmentFile(m.at("/attachments/0/id").asText());
            assertThat(file).exists();
        }
        assertThat(file).doesNotExist();
    }
}
