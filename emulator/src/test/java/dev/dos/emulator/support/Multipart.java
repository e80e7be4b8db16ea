package dev.dos.emulator.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A {@code multipart/form-data} body built byte by byte, as a Discord client would send it, so
 * the tests prove the emulator's parsing rather than some library's formatting.
 */
public final class Multipart {
    private final String boundary;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public Multipart() {
        this("dosboundary7MA4YWxkTrZu0gW");
    }

    public Multipart(String boundary) {
        this.boundary = boundary;
    }

    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    public Multipart payloadJson(String json) {
        return part("Content-Disposition: form-data; name=\"payload_json\"\r\nContent-Type: application/json\r\n",
                json.getBytes(StandardCharsets.UTF_8));
    }

    public Multipart field(String name, String value) {
        return part("Content-Disposition: form-data; name=\"" + name + "\"\r\n", value.getBytes(StandardCharsets.UTF_8));
    }

    public Multipart file(int n, String filename, String contentType, byte[] bytes) {
        return file("files[" + n + "]", filename, contentType, bytes);
    }

    public Multipart file(String name, String filename, String contentType, byte[] bytes) {
        String headers = "Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename + "\"\r\n"
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n");
        return part(headers, bytes);
    }

    private Multipart part(String headers, byte[] body) {
        out.writeBytes(("--" + boundary + "\r\n" + headers + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(body);
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    /** The finished body, with the closing boundary. */
    public byte[] bytes() {
        ByteArrayOutputStream done = new ByteArrayOutputStream();
        done.writeBytes(out.toByteArray());
        done.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return done.toByteArray();
    }
}
