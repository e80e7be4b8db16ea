package dev.dos.discord.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.core.remote.BlobUpload;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultipartTest {

    @Test
    void aMessageIsPayloadJsonThenOneFilePartPerFileMatchedById() throws Exception {
        byte[] first = {1, 2, 3};
        byte[] second = {(byte) 0xff, 0, '\r', '\n'};
        RequestBody body = Multipart.message("two chunks", List.of(new BlobUpload("a.bin", first),
                new BlobUpload("b.bin", second)), "n0nce");

        String boundary = body.contentType().substring("multipart/form-data; boundary=".length());
        String text = new String(bytes(body), StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("--" + boundary + "\r\nContent-Disposition: form-data; name=\"payload_json\"\r\n"
                + "Content-Type: application/json\r\n\r\n"
                + "{\"content\":\"two chunks\",\"attachments\":[{\"id\":\"0\",\"filename\":\"a.bin\"},{\"id\":\"1\",\"filename\":\"b.bin\"}],\"nonce\":\"n0nce\",\"enforce_nonce\":true,\"allowed_mentions\":{\"parse\":[]}}"
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"files[0]\"; filename=\"a.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n\u0001\u0002\u0003\r\n--" + boundary + "\r\n");
        assertThat(text).contains("name=\"files[1]\"; filename=\"b.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                + "\u00ff\u0000\r\n\r\n--" + boundary + "--\r\n");
        assertThat(text).endsWith("--" + boundary + "--\r\n");
        assertThat(body.length()).isEqualTo(bytes(body).length);
    }

    @Test
    void fileBytesAreSentFromTheCallersArraysWithoutCopies() {
        byte[] blob = new byte[1 << 20];
        RequestBody body = Multipart.message("", List.of(new BlobUpload("big.bin", blob)), "n");

        assertThat(body.parts()).anySatisfy(part -> assertThat(part).isSameAs(blob));
    }

    @Test
    void quotesAndLineBreaksInFilenamesCannotBreakTheHeader() {
        assertThat(Multipart.quoted("a\"b\r\nc.bin")).isEqualTo("a%22b%0D%0Ac.bin");
    }

    @Test
    void eachMessageGetsItsOwnBoundary() {
        assertThat(Multipart.message("x", List.of(), "n").contentType())
                .isNotEqualTo(Multipart.message("x", List.of(), "n").contentType());
    }

    private static byte[] bytes(RequestBody body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        body.parts().forEach(out::writeBytes);
        return out.toByteArray();
    }
}
