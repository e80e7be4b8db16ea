package dev.dos.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The variations of multipart/form-data and JSON that real clients send (RFC 7578, RFC 2046):
 * the emulator must read all of them exactly, or a client that works against Discord would fail
 * against it, or worse, store different bytes.
 */
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
