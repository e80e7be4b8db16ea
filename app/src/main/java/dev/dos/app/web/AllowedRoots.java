package dev.dos.app.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The folders ({@code DOS_WEB_ROOTS}) that server-side upload sources and download destinations
 * must lie in; none configured: anywhere. Paths are compared by their real path, so a symlink
 * inside a root that points out of it does not get out.
 */
final class AllowedRoots {
    static final AllowedRoots ANY = new AllowedRoots(List.of());

    private final List<Path> roots;

    private AllowedRoots(List<Path> roots) {
        this.roots = roots;
    }

    /** The roots, each by its real path when it exists (a root that is itself a symlink is followed once, here). */
    static AllowedRoots of(List<Path> configured) {
        List<Path> real = new ArrayList<>();
        for (Path root : configured) {
            Path abs = root.toAbsolutePath().normalize();
            try {
                real.add(abs.toRealPath());
            } catch (IOException missing) {
                real.add(abs);
            }
        }
        return new AllowedRoots(List.copyOf(real));
    }

    boolean restricted() {
        return !roots.isEmpty();
    }

    /**
     * Refuses {@code path} (absolute, normalized) with 403 {@code forbidden_path} unless its real
     * path is in a root. For a path that does not exist yet (a new download folder) the real path
     * of its nearest existing ancestor decides.
     */
    void check(Path path) {
        if (roots.isEmpty()) {
            return;
        }
        Path real = realPath(path);
        for (Path root : roots) {
            if (real.startsWith(root)) {
                return;
            }
        }
        throw new ApiError(403, "forbidden_path", path + " is outside the folders this server may use ("
                + "DOS_WEB_ROOTS)");
    }

    private static Path realPath(Path path) {
        Path existing = path;
        // NOFOLLOW: a broken symlink counts as existing, so it is resolved below (and refused)
        // rather than skipped over as if its name were still free.
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw ApiError.badRequest("no part of " + path + " exists");
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(path));
        } catch (NoSuchFileException e) {
            throw new ApiError(403, "forbidden_path", path + " leads through a broken symlink (" + existing
                    + "), so it cannot be shown to stay inside DOS_WEB_ROOTS");
        } catch (IOException e) {
            throw ApiError.badRequest("cannot resolve " + path + ": " + e.getMessage());
        }
    }
}
