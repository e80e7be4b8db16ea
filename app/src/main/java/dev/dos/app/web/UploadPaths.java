package dev.dos.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the server-side paths of an upload request: absolute, no {@code ..} segments, existing
 * and readable. Anything else is a 400 before a job is created.
 */
final class UploadPaths {
    static final int MAX_PATHS = 1000;

    private UploadPaths() {
    }

    static List<Path> parse(JsonNode body) {
        JsonNode paths = body.get("paths");
        if (paths == null || !paths.isArray() || paths.isEmpty() || paths.size() > MAX_PATHS) {
            throw ApiError.badRequest("'paths' must be a non-empty array of at most " + MAX_PATHS + " server-side paths");
        }
        List<Path> out = new ArrayList<>();
        for (JsonNode node : paths) {
            if (!node.isTextual() || node.asText().isBlank()) {
                throw ApiError.badRequest("every path must be a non-empty string");
            }
            out.add(check(node.asText()));
        }
        return out;
    }

    private static Path check(String text) {
        Path path;
        try {
            path = Path.of(text);
        } catch (InvalidPathException e) {
            throw ApiError.badRequest("not a valid path: " + text);
        }
        if (!path.isAbsolute()) {
            throw ApiError.badRequest("paths must be absolute: " + text);
        }
        for (Path part : path) {
            if (part.toString().equals("..")) {
                throw ApiError.badRequest("paths must not contain '..': " + text);
            }
        }
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw ApiError.badRequest("no such file or folder: " + text);
        }
        if (!Files.isReadable(path)) {
            throw ApiError.badRequest("not readable: " + text);
        }
        return path;
    }
}
