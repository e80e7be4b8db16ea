package dev.dos.app.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/** A hand-built multipart/form-data body whose files are streamed from disk, never read whole. */
final class MultipartBody {
    private final String boundary = "dos-test-" + UUID.randomUUID();
    private final List<Supplier<InputStream>> parts = new ArrayList<>();

    MultipartBody field(String name, String value) {
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n";
        bytes(head + value + "\r\n");
        return this;
    }

    /** A file part named {@code files} whose file name is {@code relativePath}, with {@code file}'s bytes. */
    MultipartBody file(String relativePath, Path file) {
        bytes("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + relativePath
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        parts.add(() -> {
            try {
                return Files.newInputStream(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        bytes("\r\n");
        return this;
    }

    MultipartBody file(String relativePath, String content) {
        bytes("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + relativePath
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + content + "\r\n");
        return this;
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    HttpRequest.BodyPublisher publisher() {
        List<Supplier<InputStream>> all = new ArrayList<>(parts);
        all.add(() -> new ByteArrayInputStream(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8)));
        return HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(Collections.enumeration(
                all.stream().map(Supplier::get).toList())));
    }

    private void bytes(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        parts.add(() -> new ByteArrayInputStream(bytes));
    }
}
