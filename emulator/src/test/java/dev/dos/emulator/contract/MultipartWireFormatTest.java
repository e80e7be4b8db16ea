package dev.dos.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.emulator.live.Live;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import dev.dos.testkit.RawDiscord;
import dev.dos.testkit.Multipart;
import dev.dos.testkit.Reply;

/**
 * The variations of multipart/form-data and JSON that real clients send (RFC 7578, RFC 2046):
 * the emulator must read all of them exactly, or a client that works against Discord would fail
 * against it, or worse, store different bytes.
 */
@Live
class MultipartWireFormatTest extends EmulatorContract {

    private String messages() {
        return "/channels/" + storage + "/messages";
    }

    @Test
    void fileBytesThatLookLikeABoundaryAreKeptIntact() {
        String boundary = "xYz-boundary-42";
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes("\r\n--xYz-boundary-4".getBytes(StandardCharsets.US_ASCII));
        file.writeBytes(randomBytes(1000, 1));
        file.writeBytes("\r\n--xYz-boundary-43\r\n--\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] bytes = file.toByteArray();
        byte[] body = raw(boundary,
                "Content-Disposition: form-data; name=\"files[0]\"; filename=\"tricky.bin\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n", bytes);

        JsonNode m = sendRaw(body, "multipart/form-data; boundary=" + boundary).expect(200).json();

        assertThat(RawDiscord.fetch(m.path("attachments").get(0).path("url").asText()).expect(200).body()).isEqualTo(bytes);
        assertThat(m.path("attachments").get(0).path("size").asLong()).isEqualTo(bytes.length);
    }

    @Test
    void aQuotedBoundaryParameterIsUnderstood() {
        byte[] body = raw("quoted-b", "Content-Disposition: form-data; name=\"content\"\r\n\r\n",
                "hello".getBytes(StandardCharsets.UTF_8));

        JsonNode m = sendRaw(body, "multipart/form-data; boundary=\"quoted-b\"").expect(200).json();

        assertThat(m.path("content").asText()).isEqualTo("hello");
    }

    @Test
    void partHeaderNamesAreCaseInsensitive() {
        byte[] bytes = randomBytes(300, 2);
        byte[] body = raw("b0", "content-disposition: form-data; name=\"files[0]\"; filename=\"lower.bin\"\r\n"
                + "content-type: application/octet-stream\r\n\r\n", bytes);

        JsonNode m = sendRaw(body, "multipart/form-data; boundary=b0").expect(200).json();

        assertThat(RawDiscord.fetch(m.path("attachments").get(0).path("url").asText()).expect(200).body()).isEqualTo(bytes);
    }

    @Test
    void payloadJsonWithoutItsOwnContentTypeIsStillJson() {
        // some clients send payload_json as a plain text field
        Multipart form = Multipart.form()
                .part("payload_json", null, null, "{\"content\":\"plain field\"}".getBytes(StandardCharsets.UTF_8))
                .file(0, "a.bin", new byte[] {1});

        JsonNode m = discord.post(messages(), form).expect(200).json();

        assertThat(m.path("content").asText()).isEqualTo("plain field");
        assertThat(m.path("attachments")).hasSize(1);
    }

    @Test
    void aFilePartUnderAnotherNameThanFilesNIsAnAttachmentToo() {
        // Discord takes any part with a filename as a file (discord-api-docs issue #2064);
        // Discord4J sends its one file as "file", before payload_json and with no attachments array
        byte[] bytes = randomBytes(500, 4);
        Multipart form = Multipart.form()
                .part("file", "legacy.bin", "application/octet-stream", bytes)
                .payloadJson(Map.of("content", "old-style part name"));

        JsonNode m = discord.post(messages(), form).expect(200).json();

        assertThat(m.path("attachments")).hasSize(1);
        JsonNode attachment = m.path("attachments").get(0);
        assertThat(attachment.path("filename").asText()).isEqualTo("legacy.bin");
        assertThat(RawDiscord.fetch(attachment.path("url").asText()).expect(200).body()).isEqualTo(bytes);
    }

    @Test
    void theOlderFileNNamesAreAttachmentPlaceholdersLikeFilesN() {
        // the docs first named the parts file0, file1, ... (discord-api-docs PR #3860), as Discord4J still does
        Multipart form = Multipart.form()
                .payloadJson(Map.of("attachments", java.util.List.of(
                        Map.of("id", 1, "filename", "second.bin", "description", "for file1"),
                        Map.of("id", 0, "filename", "first.bin", "description", "for file0"))))
                .part("file0", "a.bin", "application/octet-stream", new byte[] {0})
                .part("file1", "b.bin", "application/octet-stream", new byte[] {1, 1});

        JsonNode attachments = discord.post(messages(), form).expect(200).json().path("attachments");

        assertThat(attachments).hasSize(2);
        assertThat(attachments.get(0).path("description").asText()).isEqualTo("for file1");
        assertThat(attachments.get(0).path("size").asLong()).isEqualTo(2);
        assertThat(attachments.get(1).path("description").asText()).isEqualTo("for file0");
        assertThat(attachments.get(1).path("size").asLong()).isEqualTo(1);
    }

    @Test
    void aJsonContentTypeWithCharsetIsJson() {
        Reply reply = discord.send("POST", messages(),
                BodyPublishers.ofString("{\"content\":\"caf\u00e9\"}", StandardCharsets.UTF_8),
                "application/json; charset=utf-8");

        assertThat(reply.expect(200).json().path("content").asText()).isEqualTo("caf\u00e9");
    }

    @Test
    void unicodeContentSurvivesTheRoundTrip() {
        String text = "z\u00fcrich \u65e5\u672c \ud83d\udce6";

        String id = postText(storage, text).path("id").asText();

        assertThat(discord.get(messages() + "/" + id).expect(200).json().path("content").asText()).isEqualTo(text);
    }

    @Test
    void aMultipartBodyWithoutItsClosingBoundaryIsRefused() {
        byte[] body = ("--b1\r\nContent-Disposition: form-data; name=\"files[0]\"; filename=\"cut.bin\"\r\n\r\n"
                + "half a file").getBytes(StandardCharsets.US_ASCII);

        Reply reply = sendRaw(body, "multipart/form-data; boundary=b1");

        reply.expect(400);
        assertThat(discord.get(messages()).expect(200).json()).isEmpty();
    }

    /** One part between boundaries, the closing delimiter included. */
    private static byte[] raw(String boundary, String partHeaders, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + boundary + "\r\n" + partHeaders).getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private Reply sendRaw(byte[] body, String contentType) {
        return discord.send("POST", messages(), BodyPublishers.ofByteArray(body), contentType);
    }

    @Test
    void aPlainFieldMessageNeedsNoPayloadJson() {
        Multipart form = Multipart.form().field("content", "fields only").field("tts", "false");

        assertThat(discord.post(messages(), form).expect(200).json().path("content").asText()).isEqualTo("fields only");
    }

    @Test
    void theOrderOfPartsDoesNotMatter() {
        byte[] bytes = randomBytes(200, 3);
        Multipart form = Multipart.form()
                .file(0, "first.bin", bytes)
                .payloadJson(Map.of("content", "json last", "attachments",
                        java.util.List.of(Map.of("id", 0, "filename", "first.bin", "description", "d"))));

        JsonNode m = discord.post(messages(), form).expect(200).json();

        assertThat(m.path("content").asText()).isEqualTo("json last");
        assertThat(m.path("attachments").get(0).path("description").asText()).isEqualTo("d");
    }
}
