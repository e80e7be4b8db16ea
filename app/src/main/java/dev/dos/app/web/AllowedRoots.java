package dev.dos.app.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where server-side upload sources and download destinations may be: inside one of the roots
 * ({@code DOS_WEB_ROOTS}, by default the user's home folder; none given here: anywhere) and never
 * in, or holding, one of the refused folders (dos's own config and data folders: the key, the
 * bot token, the access token, the index). Paths are compared by their real path, so a symlink
 * that points out of a root, or into a refused folder, does not get there.
 *
 * <p>Every refusal is the same {@code 403 forbidden_path} with the same message, whether the
 * path exists or not, so the API cannot be used to find out what exists outside the roots.
 */
final class AllowedRoots {
    private final List<Path> roots;
    private final List<Path> refused;

    private AllowedRoots(List<Path> roots, List<Path> refused) {
        this.roots = roots;
        this.refused = refused;
    }

    /** The roots (empty: anywhere) and the refused folders, each by its real path when it exists. */
    static AllowedRoots of(List<Path> configured, List<Path> refusedFolders) {
        List<Path> real = new ArrayList<>();
        for (Path root : configured) {
            real.add(realOrAbsolute(root));
        }
        // Both spellings of a refused folder: the real one decides, the given one costs nothing.
        Set<Path> refused = new LinkedHashSet<>();
        for (Path folder : refusedFolders) {
            refused.add(folder.toAbsolutePath().normalize());
            refused.add(realOrAbsolute(folder));
        }
        return new AllowedRoots(List.copyOf(real), List.copyOf(refused));
    }

    private static Path realOrAbsolute(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        try {
            return abs.toRealPath();
        } catch (IOException missing) {
            return abs;
        }
    }

    /**
     * The real path of {@code path} (absolute, normalized) if it may be used, else 403
     * {@code forbidden_path}. For a path that does not exist yet (a new download folder) the real
     * path of its nearest existing ancestor decides, with the rest appended. Jobs get this real
     * path, not the one the client sent.
     */
    Path check(Path path) {
        Path real = realPath(path);
        if (real == null) {
            throw refused(path);
        }
        if (!roots.isEmpty() && roots.stream().noneMatch(real::startsWith)) {
            throw refused(path);
        }
        for (Path folder : refused) {
            if (real.startsWith(folder) || folder.startsWith(real)) {
                throw refused(path);
            }
        }
        return real;
    }

    private static ApiError refused(Path path) {
        return new ApiError(403, "forbidden_path", path + " is not in a folder this server may use (DOS_WEB_ROOTS,"
                + " by default the home folder; never dos's own config or data folder)");
    }

    /** Null when it cannot be resolved: a broken symlink on the way (where it would lead cannot be checked), no access, ... */
    private static Path realPath(Path path) {
        Path existing = path;
        // NOFOLLOW: a broken symlink counts as existing, so it is resolved below (and refused)
        // rather than skipped over as if its name were still free.
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return null;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(path));
        } catch (IOException e) {
            return null;
        }
    }
}
