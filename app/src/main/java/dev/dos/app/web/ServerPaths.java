package dev.dos.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the server-side paths of a request before a job is created: upload sources (absolute,
 * no {@code ..}, existing, readable) and download destinations (absolute, no {@code ..}, a folder
 * or not there yet). Malformed paths are a 400. The allowed roots are checked next, before
 * anything about the file is looked at: outside them (or in dos's own folders) is the same 403
 * whether the path exists or not. Jobs get the checked real paths.
 */
final class ServerPaths {
    static final int MAX_PATHS = 1000;

    private final AllowedRoots roots;

    ServerPaths(AllowedRoots roots) {
        this.roots = roots;
    }

    /** The {@code paths} array of an upload request. */
    List<Path> sources(JsonNode body) {
        JsonNode paths = body.get("paths");
        if (paths == null || !paths.isArray() || paths.isEmpty() || paths.size() > MAX_PATHS) {
            throw ApiError.badRequest("'paths' must be a non-empty array of at most " + MAX_PATHS + " server-side paths");
        }
        List<Path> out = new ArrayList<>();
        for (JsonNode node : paths) {
            if (!node.isTextual() || node.asText().isBlank()) {
                throw ApiError.badRequest("every path must be a non-empty string");
            }
            Path path = roots.check(absolute(node.asText()));
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                throw ApiError.badRequest("no such file or folder: " + path);
            }
            if (!Files.isReadable(path)) {
                throw ApiError.badRequest("not readable: " + path);
            }
            out.add(path);
        }
        return out;
    }

    /** A download destination: an existing folder, or a path to create. */
    Path destination(String text) {
        Path path = roots.check(absolute(text));
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw ApiError.badRequest("the destination is not a folder: " + path);
        }
        return path;
    }

    private static Path absolute(String text) {
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
        return path.normalize();
    }
}
