package dev.dos.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.emulator.DiscordEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.dos.testkit.RawDiscord;
import dev.dos.testkit.Reply;

/** An emulator started on a data directory comes back with the same world after a restart. */
class PersistenceTest {
    @TempDir
    Path data;
    private DiscordEmulator emulator;

    @BeforeEach
    void start() throws IOException {
        emulator = startOn(data);
    }

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private static DiscordEmulator startOn(Path dir) throws IOException {
        return DiscordEmulator.start(EmulatorContract.quietConfig().dataDir(dir).build());
    }

    @Test
    void aRestartKeepsTokenGuildChannelsMessagesAndAttachmentBytes() throws IOException {
        RawDiscord discord = RawDiscord.bot(emulator.baseUrl(), emulator.token());
        String storage = emulator.channelId("storage");
        byte[] bytes = EmulatorContract.randomBytes(100_000, 1);
        JsonNode m = discord.post("/channels/" + storage + "/messages", EmulatorContract.filesForm("kept", bytes))
                .expect(200).json();
        String thread = discord.post("/channels/" + storage + "/threads", Map.of("name", "t", "type", 11))
                .expect(201).json().path("id").asText();
        discord.post("/channels/" + thread + "/messages", Map.of("content", "in thread")).expect(200);
        String token = emulator.token();
        String guild = emulator.guildId();
        String index = emulator.channelId("index");

        emulator.close();
        emulator = startOn(data);

        assertThat(emulator.token()).isEqualTo(token);
        assertThat(emulator.guildId()).isEqualTo(guild);
        assertThat(emulator.channelId("storage")).isEqualTo(storage);
        assertThat(emulator.channelId("index")).isEqualTo(index);
        RawDiscord again = RawDiscord.bot(emulator.baseUrl(), emulator.token());
        JsonNode fetched = again.get("/channels/" + storage + "/messages/" + m.path("id").asText()).expect(200).json();
        assertThat(fetched.path("content").asText()).isEqualTo("kept");
        String url = fetched.path("attachments").get(0).path("url").asText();
        assertThat(RawDiscord.fetch(url).expect(200).body()).isEqualTo(bytes);
        assertThat(again.get("/channels/" + thread).expect(200).json().path("name").asText()).isEqualTo("t");
        assertThat(again.get("/channels/" + thread + "/messages").expect(200).json().get(0).path("content").asText())
                .isEqualTo("in thread");
    }

    @Test
    void attachmentsAreStoredAsPlainFilesUnderTheAttachmentsFolder() throws IOException {
        RawDiscord discord = RawDiscord.bot(emulator.baseUrl(), emulator.token());
        byte[] bytes = EmulatorContract.randomBytes(5000, 2);
        String id = discord.post("/channels/" + emulator.channelId("storage") + "/messages",
                EmulatorContract.filesForm("file", bytes)).expect(200).json()
                .path("attachments").get(0).path("id").asText();

        Path file = emulator.admin().attachmentFile(id);

        assertThat(file.toAbsolutePath().normalize()).startsWith(data.resolve("attachments").toAbsolutePath().normalize());
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
        try (Stream<Path> files = Files.walk(data.resolve("attachments"))) {
            assertThat(files.filter(Files::isRegularFile).anyMatch(p -> sameBytes(p, bytes))).isTrue();
        }
    }

    @Test
    void aLinkSignedBeforeARestartStillWorksAfterIt() throws IOException {
        RawDiscord discord = RawDiscord.bot(emulator.baseUrl(), emulator.token());
        byte[] bytes = EmulatorContract.randomBytes(1000, 3);
        String url = discord.post("/channels/" + emulator.channelId("storage") + "/messages",
                EmulatorContract.filesForm("signed", bytes)).expect(200).json()
                .path("attachments").get(0).path("url").asText();
        int port = emulator.port();

        emulator.close();
        emulator = DiscordEmulator.start(EmulatorContract.quietConfig().dataDir(data).port(port).build());

        assertThat(RawDiscord.fetch(url).expect(200).body()).isEqualTo(bytes);
    }

    @Test
    void webhooksAndThreadStateSurviveARestart() throws IOException {
        RawDiscord discord = RawDiscord.bot(emulator.baseUrl(), emulator.token());
        String storage = emulator.channelId("storage");
        JsonNode hook = discord.post("/channels/" + storage + "/webhooks", Map.of("name", "h")).expect(200).json();
        String thread = discord.post("/channels/" + storage + "/threads", Map.of("name", "t", "type", 11))
                .expect(201).json().path("id").asText();
        discord.patch("/channels/" + thread, Map.of("archived", true)).expect(200);

        emulator.close();
        emulator = startOn(data);

        RawDiscord again = RawDiscord.bot(emulator.baseUrl(), emulator.token());
        assertThat(again.get("/channels/" + thread).expect(200).json().path("thread_metadata").path("archived")
                .asBoolean()).isTrue();
        again.withAuthorization(null).post("/webhooks/" + hook.path("id").asText() + "/" + hook.path("token").asText()
                + "?wait=true", Map.of("content", "still here")).expect(200);
    }

    @Test
    void aRotatedTokenAndChannelPermissionsSurviveARestart() throws IOException {
        String rotated = emulator.admin().rotateToken();
        String index = emulator.channelId("index");
        emulator.admin().setChannelPermissions(index, 0L);

        emulator.close();
        emulator = startOn(data);

        assertThat(emulator.token()).isEqualTo(rotated);
        Reply reply = RawDiscord.bot(emulator.baseUrl(), rotated).get("/channels/" + index);
        reply.expect(403);
        assertThat(reply.json().path("code").asInt()).isEqualTo(50001);
    }

    @Test
    void newIdsAfterARestartAreStillLarger() throws IOException {
        RawDiscord discord = RawDiscord.bot(emulator.baseUrl(), emulator.token());
        String storage = emulator.channelId("storage");
        String before = discord.post("/channels/" + storage + "/messages", Map.of("content", "a")).expect(200).json()
                .path("id").asText();

        emulator.close();
        emulator = startOn(data);

        String after = RawDiscord.bot(emulator.baseUrl(), emulator.token())
                .post("/channels/" + storage + "/messages", Map.of("content", "b")).expect(200).json().path("id").asText();
        assertThat(Long.parseUnsignedLong(after)).isGreaterThan(Long.parseUnsignedLong(before));
    }

    @Test
    void deletionsSurviveARestart() throws IOException {
        RawDiscord discord = RawDiscord.bot(emulator.baseUrl(), emulator.token());
        String storage = emulator.channelId("storage");
        String id = discord.post("/channels/" + storage + "/messages", Map.of("content", "gone")).expect(200).json()
                .path("id").asText();
        discord.delete("/channels/" + storage + "/messages/" + id).expect(204);
        String index = emulator.channelId("index");
        String byAdmin = discord.post("/channels/" + index + "/messages", Map.of("content", "doomed")).expect(200)
                .json().path("id").asText();
        emulator.admin().deleteMessage(index, byAdmin);

        emulator.close();
        emulator = startOn(data);

        RawDiscord again = RawDiscord.bot(emulator.baseUrl(), emulator.token());
        again.get("/channels/" + storage + "/messages/" + id).expect(404);
        again.get("/channels/" + index + "/messages/" + byAdmin).expect(404);
    }

    @Test
    void aLastJournalLineCutShortByACrashIsIgnored() throws IOException {
        RawDiscord discord = RawDiscord.bot(emulator.baseUrl(), emulator.token());
        String storage = emulator.channelId("storage");
        String id = discord.post("/channels/" + storage + "/messages", Map.of("content", "before crash")).expect(200)
                .json().path("id").asText();
        emulator.close();
        emulator = null;
        Files.writeString(data.resolve("journal.jsonl"), "{\"kind\":\"mess", java.nio.file.StandardOpenOption.APPEND);

        emulator = startOn(data);

        RawDiscord.bot(emulator.baseUrl(), emulator.token()).get("/channels/" + storage + "/messages/" + id).expect(200);
    }

    @Test
    void aSecondEmulatorOnTheSameDirectoryIsRefusedUntilTheFirstStops() throws IOException {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> startOn(data)).isInstanceOf(IOException.class)
                .hasMessageContaining("in use by another emulator");

        emulator.close();
        emulator = startOn(data);

        assertThat(emulator.token()).isNotEmpty();
    }

    @Test
    void anInMemoryEmulatorLeavesNoFilesBehind() throws IOException {
        Path file;
        try (DiscordEmulator inMemory = DiscordEmulator.start(EmulatorContract.quietConfig().build())) {
            String id = RawDiscord.bot(inMemory.baseUrl(), inMemory.token())
                    .post("/channels/" + inMemory.channelId("storage") + "/messages",
                            EmulatorContract.filesForm("tmp", new byte[] {1})).expect(200).json()
                    .path("attachments").get(0).path("id").asText();
            file = inMemory.admin().attachmentFile(id);
            assertThat(file).exists();
        }

        assertThat(file).doesNotExist();
    }

    private static boolean sameBytes(Path p, byte[] bytes) {
        try {
            return Files.size(p) == bytes.length && java.util.Arrays.equals(Files.readAllBytes(p), bytes);
        } catch (IOException e) {
            return false;
        }
    }
}
