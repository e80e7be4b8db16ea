package dev.dos.emulator.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A multipart/form-data body built by hand, byte for byte, the way a Discord client sends one
 * (RFC 7578: CRLF line ends, one Content-Disposition per part, closing boundary with "--").
 */
final class Multipart {
    private final String boundary = "dos-contract-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    /** The body so far, in pieces: file contents are sent as given, never copied. */
    private final List<byte[]> pieces = new ArrayList<>();

    static Multipart form() {
        return new Multipart();
    }

    /** The JSON body of the request as the {@code payload_json} part. */
    Multipart payloadJson(Object payload) {
        try {
            byte[] json = RawDiscord.JSON.writeValueAsBytes(payload);
            return part("payload_json", null, "application/json", json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A plain form field, as in the docs' example without payload_json. */
    Multipart field(String name, String value) {
        return part(name, null, null, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The file {@code files[n]}. */
    Multipart file(int n, String filename, byte[] content) {
        return part("files[" + n + "]", filename, "application/octet-stream", content);
    }

    Multipart part(String name, String filename, String contentType, byte[] content) {
        StringBuilder head = new StringBuilder();
        head.append("--").append(boundary).append("\r\n");
        head.append("Content-Disposition: form-data; name=\"").append(name).append('"');
        if (filename != null) {
            head.append("; filename=\"").append(filename).append('"');
        }
        head.append("\r\n");
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        head.append("\r\n");
        pieces.add(head.toString().getBytes(StandardCharsets.UTF_8));
        pieces.add(content);
        pieces.add("\r\n".getBytes(StandardCharsets.UTF_8));
        return this;
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    BodyPublisher publisher() {
        List<byte[]> all = new ArrayList<>(pieces);
        all.add(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        long length = all.stream().mapToLong(piece -> piece.length).sum();
        // with its Content-Length, as clients send it, rather than chunked
        return BodyPublishers.fromPublisher(BodyPublishers.ofByteArrays(all), length);
    }
}
