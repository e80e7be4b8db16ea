package dev.dos.core.pack;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The rule for entry paths (docs/FORMAT.md section 11): relative, '/'-separated, no empty, '.' or
 * '..' segments, no NUL, and each segment a single plain name on this system.
 */
final class EntryPaths {
    private EntryPaths() {
    }

    static void check(String path) throws UnsafePathException {
        if (path.isEmpty()) {
            throw new UnsafePathException(path, "empty path");
        }
        if (path.startsWith("/")) {
            throw new UnsafePathException(path, "absolute path");
        }
        if (path.indexOf('\0') >= 0) {
            throw new UnsafePathException(path, "NUL in path");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new UnsafePathException(path, "'" + segment + "' segment");
            }
            checkPlainName(path, segment);
        }
    }

    // On Windows "C:x" or "a\b" would leave the destination; on POSIX they are ordinary names.
    private static void checkPlainName(String path, String segment) throws UnsafePathException {
        Path name;
        try {
            name = Path.of(segment);
        } catch (InvalidPathException e) {
            throw new UnsafePathException(path, "segment not valid on this system");
        }
        if (name.isAbsolute() || name.getRoot() != null || name.getNameCount() != 1
                || !name.getFileName().toString().equals(segment)) {
            throw new UnsafePathException(path, "segment is not a plain name on this system");
        }
    }

    /** The path's segments resolved one by one under {@code root}. */
    static Path resolve(Path root, String path) {
        Path result = root;
        for (String segment : path.split("/")) {
            result = result.resolve(segment);
        }
        return result;
    }
}
