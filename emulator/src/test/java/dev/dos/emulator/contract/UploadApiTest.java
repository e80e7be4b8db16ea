package dev.dos.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.testkit.Multipart;
import dev.dos.testkit.RawDiscord;
import dev.dos.testkit.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;


/** Multipart uploads and Discord's size and count limits, at and just over each edge. */
class UploadApiTest extends EmulatorContract {
    private static final int MIB = 1024 * 1024;
    private static final String TOO_LARGE = "{\"message\":\"Request entity too large\",\"code\":40005}";

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
    void plainFormFieldsWorkWithoutPayloadJson() {
        Multipart form = new Multipart().field("content", "from a field")
                .file(0, "x.bin", null, new byte[] {9});
        Reply r = discord.post("/channels/" + storage + "/messages", form);
        assertThat(r.json().get("content").asText()).isEqualTo("from a field");
        assertThat(r.json().get("attachments")).hasSize(1);
    }

    @Test
    void filenamesAreMadeUrlSafe() {
        Multipart form = new Multipart().file(0, "my file (1).bin", null, new byte[] {1});
        JsonNode m = discord.post("/channels/" + storage + "/messages", form).json();
        assertThat(m.at("/attachments/0/filename").asText()).isEqualTo("my_file__1_.bin");
    }

    @Test
    void aFileExactlyAtTheTenMibLimitIsAcceptedAndOneByteMoreIs413() {
        byte[] atLimit = new byte[10 * MIB];
        Arrays.fill(atLimit, (byte) 7);
        JsonNode ok = postFiles(storage, atLimit);
        assertThat(ok.at("/attachments/0/size").asLong()).isEqualTo(10_485_760L);

        Reply over = discord.post("/channels/" + storage + "/messages",
                filesForm("", new byte[10 * MIB + 1]));
        assertThat(over.status()).isEqualTo(413);
        assertThat(over.json()).isEqualTo(json(TOO_LARGE));
        assertThat(discord.get("/channels/" + storage + "/messages").json()).hasSize(1);
    }

    @Test
    void boostTierTwoRaisesTheLimitButWebhooksKeepTheDefault() {
        byte[] overDefault = new byte[10 * MIB + 1];
        emulator.admin().setPremiumTier(2);
        assertThat(discord.post("/channels/" + storage + "/messages", filesForm("", overDefault)).status())
                .isEqualTo(200);
        JsonNode hook = discord.post("/channels/" + storage + "/webhooks", "{\"name\":\"uploader\"}").json();
        Reply viaWebhook = discord.post("/webhooks/" + hook.get("id").asText() + "/"
                + hook.get("token").asText() + "?wait=true", filesForm("", overDefault));
        assertThat(viaWebhook.status()).isEqualTo(413);
        assertThat(viaWebhook.json()).isEqualTo(json(TOO_LARGE));
    }

    @Test
    void aRequestOverTwentyFiveMibIs413EvenWhenEachFileFits() {
        byte[] nine = new byte[9 * MIB];
        Reply r = discord.post("/channels/" + storage + "/messages", filesForm("", nine, nine, nine));
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json()).isEqualTo(json(TOO_LARGE));
        assertThat(postFiles(storage, nine, nine).get("attachments")).hasSize(2);
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
    void filePartsNotNamedFilesNAreAttachmentsToo() {
        Multipart form = new Multipart().file("file", "legacy.bin", null, new byte[] {1});
        Reply r = discord.post("/channels/" + storage + "/messages", form);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("attachments").findValuesAsText("filename")).containsExactly("legacy.bin");
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
}
