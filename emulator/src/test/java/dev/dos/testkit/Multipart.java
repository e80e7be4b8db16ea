package dev.dos.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A multipart/form-data body built by hand, byte for byte, the way a Discord client (or a
 * browser) sends one (RFC 7578: CRLF line ends, one Content-Disposition per part, closing
 * boundary with "--"), so tests prove the server's parsing rather than some library's
 * formatting. Files from disk are streamed when sent, never read whole.
 */
public final class Multipart {
    private final String boundary;
    /** The body so far, in pieces: byte[] (sent as given, never copied) or Path (streamed). */
    private final List<Object> pieces = new ArrayList<>();

    public Multipart() {
        this("dos-test-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    }

    public Multipart(String boundary) {
        this.boundary = boundary;
    }

    public static Multipart form() {
        return new Multipart();
    }

    /**
     * The JSON body of the request as the {@code payload_json} part: a String is sent as it is
     * (already JSON), anything else is written as JSON.
     */
    public Multipart payloadJson(Object payload) {
        try {
            byte[] json = payload instanceof String s ? s.getBytes(StandardCharsets.UTF_8)
                    : RawDiscord.JSON.writeValueAsBytes(payload);
            return part("payload_json", null, "application/json", json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A plain form field, as in the docs' example without payload_json. */
    public Multipart field(String name, String value) {
        return part(name, null, null, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The file {@code files[n]}, as application/octet-stream. */
    public Multipart file(int n, String filename, byte[] content) {
        return file(n, filename, "application/octet-stream", content);
    }

    /** The file {@code files[n]}; a null content type leaves the header out. */
    public Multipart file(int n, String filename, String contentType, byte[] content) {
        return part("files[" + n + "]", filename, contentType, content);
    }

    /** A file part of any name; a null content type leaves the header out. */
    public Multipart file(String name, String filename, String contentType, byte[] content) {
        return part(name, filename, contentType, content);
    }

    /** A file part holding {@code text} in UTF-8, as application/octet-stream. */
    public Multipart file(String name, String filename, String text) {
        return part(name, filename, "application/octet-stream", text.getBytes(StandardCharsets.UTF_8));
    }

    /** A file part whose bytes are streamed from {@code file} when the body is sent. */
    public Multipart file(String name, String filename, Path file) {
        pieces.add(head(name, filename, "application/octet-stream"));
        pieces.add(file);
        pieces.add("\r\n".getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public Multipart part(String name, String filename, String contentType, byte[] content) {
        pieces.add(head(name, filename, contentType));
        pieces.add(content);
        pieces.add("\r\n".getBytes(StandardCharsets.UTF_8));
        return this;
    }

    private byte[] head(String name, String filename, String contentType) {
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
        return head.toString().getBytes(StandardCharsets.UTF_8);
    }

    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    private List<Object> finished() {
        List<Object> all = new ArrayList<>(pieces);
        all.add(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return all;
    }

    /** The finished body, with the closing boundary, in memory. */
    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = stream(finished())) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The finished body with its Content-Length, as clients send it, rather than chunked. */
    public BodyPublisher publisher() {
        List<Object> all = finished();
        long length = 0;
        boolean inMemory = true;
        for (Object piece : all) {
            if (piece instanceof byte[] b) {
                length += b.length;
            } else {
                inMemory = false;
                try {
                    length += Files.size((Path) piece);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        if (inMemory) {
            return BodyPublishers.fromPublisher(BodyPublishers.ofByteArrays(all.stream().map(p -> (byte[]) p)
                    .toList()), length);
        }
        return BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> stream(all)), length);
    }

    private static InputStream stream(List<Object> all) {
        List<InputStream> streams = new ArrayList<>();
        for (Object piece : all) {
            if (piece instanceof byte[] b) {
                streams.add(new ByteArrayInputStream(b));
            } else {
                try {
                    streams.add(Files.newInputStream((Path) piece));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return new SequenceInputStream(Collections.enumeration(streams));
    }
}
