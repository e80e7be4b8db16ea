package dev.dos.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.emulator.live.EmulatorOnly;
import dev.dos.emulator.live.Live;
import java.util.Map;
import org.junit.jupiter.api.Test;
import dev.dos.testkit.RawDiscord;
import dev.dos.testkit.Multipart;
import dev.dos.testkit.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;

/**
 * The per-file upload limit follows the guild's boost tier: 10 MiB unboosted, 50 MiB at tier 2,
 * 100 MiB at tier 3 (reference.mdx, "Uploading Files": "The file upload size limit applies to
 * each file in a request"). Over it: 413 {"message": "Request entity too large", "code": 40005}.
 */
class UploadLimitsTest extends EmulatorContract {
    static final int MIB = 1024 * 1024;
    static final int UNBOOSTED_LIMIT = 10 * MIB;

    @Test
    @Live
    void aFileOfExactlyTheUnboostedLimitIsAcceptedAndDownloadsWhole() {
        byte[] bytes = randomBytes(UNBOOSTED_LIMIT, 10);

        JsonNode m = postFiles(storage, "at the limit", bytes);

        JsonNode attachment = m.path("attachments").get(0);
        assertThat(attachment.path("size").asLong()).isEqualTo(10_485_760L);
        assertThat(RawDiscord.fetch(attachment.path("url").asText()).expect(200).body()).isEqualTo(bytes);
    }

    @Test
    @EmulatorOnly("10 MiB is the emulator's deliberately strict default; Discord documents 20 MiB (docs/EMULATOR.md, Findings 1)")
    void postingOneByteOverTheUploadLimitIsRefusedWith413And40005() {
        Reply reply = discord.post("/channels/" + storage + "/messages", filesForm("over", new byte[UNBOOSTED_LIMIT + 1]));

        assertEntityTooLarge(reply);
        assertThat(discord.get("/channels/" + storage + "/messages").expect(200).json()).isEmpty();
    }

    @Test
    @EmulatorOnly("10 MiB is the emulator's deliberately strict default; Discord documents 20 MiB (docs/EMULATOR.md, Findings 1)")
    void oneOversizedFileAmongSmallOnesRefusesTheWholeMessage() {
        Reply reply = discord.post("/channels/" + storage + "/messages",
                filesForm("mixed", new byte[10], new byte[UNBOOSTED_LIMIT + 1], new byte[10]));

        assertEntityTooLarge(reply);
        assertThat(discord.get("/channels/" + storage + "/messages").expect(200).json()).isEmpty();
    }

    @Test
    @Live
    void theLimitIsPerFileSoTwoFilesMayTogetherExceedIt() {
        JsonNode m = postFiles(storage, "two big halves", new byte[6 * MIB], new byte[6 * MIB]);

        assertThat(m.path("attachments")).hasSize(2);
    }

    @Test
    @Live
    void aWholeRequestOver25MiBIsRefusedEvenWhenEveryFileFits() {
        // message.mdx, Create Message: "The maximum request size when sending a message is 25 MiB"
        Reply reply = discord.post("/channels/" + storage + "/messages",
                filesForm("three nines", new byte[9 * MIB], new byte[9 * MIB], new byte[9 * MIB]));

        assertEntityTooLarge(reply);
        assertThat(discord.get("/channels/" + storage + "/messages").expect(200).json()).isEmpty();
    }

    @Test
    void boostTier2RaisesTheLimitTo50MiB() {
        emulator.admin().setPremiumTier(2);

        postFiles(storage, "tier 2", new byte[50 * MIB]);
        assertEntityTooLarge(discord.post("/channels/" + storage + "/messages", filesForm("over", new byte[50 * MIB + 1])));
    }

    @Test
    void boostTier1KeepsTheDefaultLimit() {
        emulator.admin().setPremiumTier(1);

        assertEntityTooLarge(discord.post("/channels/" + storage + "/messages",
                filesForm("over", new byte[UNBOOSTED_LIMIT + 1])));
    }

    @Test
    @EmulatorOnly("10 MiB is the emulator's deliberately strict default; Discord documents 20 MiB (docs/EMULATOR.md, Findings 1)")
    void editingAMessageWithAnOversizedFileIsRefusedToo() {
        String id = postText(storage, "will grow").path("id").asText();
        Multipart form = Multipart.form()
                .payloadJson(Map.of("attachments", java.util.List.of(Map.of("id", 0, "filename", "big.bin"))))
                .file(0, "big.bin", new byte[UNBOOSTED_LIMIT + 1]);

        assertEntityTooLarge(discord.patch("/channels/" + storage + "/messages/" + id, form));
    }

    @Test
    void webhooksGetTheDefaultLimitWhateverTheBoostTier() {
        emulator.admin().setPremiumTier(2);
        JsonNode hook = discord.post("/channels/" + storage + "/webhooks", Map.of("name", "uploader")).expect(200).json();
        RawDiscord anonymous = discord.withAuthorization(null);
        String execute = "/webhooks/" + hook.path("id").asText() + "/" + hook.path("token").asText() + "?wait=true";

        anonymous.post(execute, filesForm("at default", new byte[UNBOOSTED_LIMIT])).expect(200);
        assertEntityTooLarge(anonymous.post(execute, filesForm("over default", new byte[UNBOOSTED_LIMIT + 1])));
    }

    @Test
    void payloadJsonWithFilesGivesAttachmentsWithAllFields() throws Exception {
        Multipart form = new Multipart()
                .payloadJson("{\"content\":\"batch 1\",\"attachments\":[{\"id\":0,\"filename\":\"a.bin\","
                        + "\"description\":\"first\"},{\"id\":1,\"filename\":\"b.txt\"}]}")
                .file(0, "ignored-name.bin", "application/octet-stream", new byte[] {1, 2, 3})
                .file(1, "b.txt", "text/plain", "hello\r\n--not-a-boundary".getBytes(StandardCharsets.UTF_8));
        Reply r = discord.post("/channels/" + storage + "/messages", form);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode a = r.json().get("attachments");
        assertThat(r.json().get("content").asText()).isEqualTo("batch 1");
        assertThat(a).hasSize(2);
        assertThat(a.get(0).get("id").isTextual()).isTrue();
        assertThat(a.get(0).get("filename").asText()).isEqualTo("a.bin");
        assertThat(a.get(0).get("description").asText()).isEqualTo("first");
        assertThat(a.get(0).get("size").asLong()).isEqualTo(3);
        assertThat(a.get(0).get("content_type").asText()).isEqualTo("application/octet-stream");
        assertThat(a.get(1).get("content_type").asText()).isEqualTo("text/plain; charset=utf-8");
        String url = a.get(0).get("url").asText();
        assertThat(url).startsWith(emulator.cdnUrl() + "/attachments/" + storage + "/" + a.get(0).get("id").asText()
                + "/a.bin?ex=").contains("&is=").contains("&hm=").endsWith("&");
        assertThat(a.get(0).get("proxy_url").asText()).isNotBlank();
        assertThat(RawDiscord.fetch(url).body()).containsExactly(1, 2, 3);
        assertThat(RawDiscord.fetch(a.get(1).get("url").asText()).text()).isEqualTo("hello\r\n--not-a-boundary");
        // The bytes are a plain file named after the attachment id.
        assertThat(Files.readAllBytes(emulator.admin().attachmentFile(a.get(0).get("id").asText())))
                .containsExactly(1, 2, 3);
    }

    @Test
    void filenamesAreMadeUrlSafe() {
        Multipart form = new Multipart().file(0, "my file (1).bin", null, new byte[] {1});
        JsonNode m = discord.post("/channels/" + storage + "/messages", form).json();
        assertThat(m.at("/attachments/0/filename").asText()).isEqualTo("my_file__1_.bin");
    }

    @Test
    void tenFilesAreAllowedAndElevenAreMaximumAttachmentsReached() {
        byte[][] ten = new byte[10][];
        byte[][] eleven = new byte[11][];
        for (int i = 0; i < 11; i++) {
            eleven[i] = new byte[] {(byte) i};
            if (i < 10) {
                ten[i] = eleven[i];
            }
        }
        assertThat(postFiles(storage, ten).get("attachments")).hasSize(10);
        Reply r = discord.post("/channels/" + storage + "/messages", filesForm("", eleven));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("code").asInt()).isEqualTo(30015);
        assertThat(r.json().get("message").asText()).isEqualTo("Maximum number of attachments in a message reached (10)");
    }

    @Test
    void aMultipartBodyWithoutItsClosingBoundaryIsRejected() {
        Multipart form = new Multipart().field("content", "x");
        byte[] full = form.bytes();
        byte[] cut = Arrays.copyOf(full, full.length - 10);
        Reply r = RawDiscord.send(discord.request("/channels/" + storage + "/messages")
                .header("Content-Type", form.contentType())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(cut)));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("code").asInt()).isEqualTo(50035);
        assertThat(discord.get("/channels/" + storage + "/messages").json()).isEmpty();
    }

    static void assertEntityTooLarge(Reply reply) {
        reply.expect(413);
        assertThat(reply.json().path("message").asText()).isEqualTo("Request entity too large");
        assertThat(reply.json().path("code").asInt()).isEqualTo(40005);
    }
}
