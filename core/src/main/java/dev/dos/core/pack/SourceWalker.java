package dev.dos.core.pack;

import dev.dos.core.format.EntryType;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Walks source roots in the deterministic order of docs/FORMAT.md section 7: roots as given, each
 * depth first, a directory before its children, children sorted by name. Names each item under
 * its root's base name. Skips special files and, by policy, unreadable ones, reporting both.
 */
final class SourceWalker {
    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final LinkOption[] FOLLOW = {};

    /** Receives each item in order. */
    interface Visitor {
        void visit(SourceItem item) throws IOException;
    }

    private final boolean followSymlinks;
    private final Problems problems;

    SourceWalker(boolean followSymlinks, Problems problems) {
        this.followSymlinks = followSymlinks;
        this.problems = problems;
    }

    /** Reports what cannot be stored; throws when the policy says to stop. */
    interface Problems {
        void unreadable(Path path, IOException cause) throws IOException;

        void warn(PackWarning.Kind kind, Path path, String message);
    }

    /**
     * Checks the roots (they must exist and have distinct base names, so no two entries share a
     * name) before visiting anything.
     */
    void walk(List<Path> roots, Visitor visitor) throws IOException {
        Map<String, Path> byName = new HashMap<>();
        List<Path> normalized = new ArrayList<>();
        for (Path root : roots) {
            Path absolute = root.toAbsolutePath().normalize();
            if (absolute.getFileName() == null) {
                throw new IllegalArgumentException("cannot pack " + root + ": it has no name (a filesystem root)");
            }
            if (!Files.exists(absolute, NO_FOLLOW)) {
                throw new NoSuchFileException(root.toString());
            }
            Path clash = byName.putIfAbsent(absolute.getFileName().toString(), absolute);
            if (clash != null) {
                throw new IllegalArgumentException("two sources have the same name \"" + absolute.getFileName()
                        + "\": " + clash + " and " + absolute);
            }
            normalized.add(absolute);
        }
        for (Path root : normalized) {
            visit(root, root.getFileName().toString(), new HashSet<>(), visitor);
        }
    }

    private void visit(Path path, String name, Set<Object> ancestors, Visitor visitor) throws IOException {
        Found found;
        try {
            found = inspect(path);
        } catch (IOException e) {
            problems.unreadable(path, e);
            return;
        }
        BasicFileAttributes attributes = found.attributes();
        if (found.linkTarget() != null) {
            if (followSymlinks) {
                problems.warn(PackWarning.Kind.DANGLING_SYMLINK_KEPT, path,
                        "symlink target does not exist; stored the symlink itself");
            }
            visitor.visit(new SourceItem(path, name, EntryType.SYMLINK, 0, found.mode(),
                    attributes.lastModifiedTime().toMillis(), found.linkTarget()));
        } else if (attributes.isDirectory()) {
            visitDirectory(path, name, found, ancestors, visitor);
        } else if (attributes.isRegularFile()) {
            visitor.visit(new SourceItem(path, name, EntryType.FILE, attributes.size(), found.mode(),
                    attributes.lastModifiedTime().toMillis(), null));
        } else {
            problems.warn(PackWarning.Kind.SPECIAL_FILE_SKIPPED, path, "special file (device, FIFO or socket) skipped");
        }
    }

    /** What a path is: a symlink is looked through only when following, and only if its target exists. */
    private Found inspect(Path path) throws IOException {
        BasicFileAttributes link = Files.readAttributes(path, BasicFileAttributes.class, NO_FOLLOW);
        if (link.isSymbolicLink()) {
            if (followSymlinks) {
                try {
                    BasicFileAttributes target = Files.readAttributes(path, BasicFileAttributes.class, FOLLOW);
                    return new Found(target, mode(path, FOLLOW, target), null);
                } catch (NoSuchFileException dangling) {
                    // stored as the link itself, below
                }
            }
            return new Found(link, mode(path, NO_FOLLOW, link), Files.readSymbolicLink(path).toString());
        }
        return new Found(link, mode(path, NO_FOLLOW, link), null);
    }

    /** A path's attributes, permission bits, and symlink target when it is stored as a symlink. */
    private record Found(BasicFileAttributes attributes, int mode, String linkTarget) {
    }

    private void visitDirectory(Path path, String name, Found found, Set<Object> ancestors, Visitor visitor)
            throws IOException {
        Object key = found.attributes().fileKey();
        if (followSymlinks && key != null && ancestors.contains(key)) {
            problems.warn(PackWarning.Kind.SYMLINK_LOOP_SKIPPED, path, "symlink loop: directory already being packed");
            return;
        }
        visitor.visit(new SourceItem(path, name, EntryType.DIR, 0, found.mode(),
                found.attributes().lastModifiedTime().toMillis(), null));
        List<Path> children;
        try (Stream<Path> listing = Files.list(path)) {
            children = listing.sorted(Comparator.comparing(child -> child.getFileName().toString())).toList();
        } catch (IOException e) {
            problems.unreadable(path, e);
            return;
        }
        if (key != null) {
            ancestors.add(key);
        }
        for (Path child : children) {
            visit(child, name + "/" + child.getFileName(), ancestors, visitor);
        }
        if (key != null) {
            ancestors.remove(key);
        }
    }

    // Permission bits, including setuid/setgid/sticky where the platform exposes them.
    private static int mode(Path path, LinkOption[] options, BasicFileAttributes attributes) throws IOException {
        FileSystem fs = path.getFileSystem();
        if (fs.supportedFileAttributeViews().contains("unix")) {
            Object mode = Files.getAttribute(path, "unix:mode", options);
            if (mode instanceof Integer bits) {
                return bits & TarFormat.PERMISSION_BITS;
            }
        }
        if (fs.supportedFileAttributeViews().contains("posix")) {
            return PosixModes.toMode(Files.getPosixFilePermissions(path, options));
        }
        return attributes.isDirectory() ? 0755 : attributes.isSymbolicLink() ? 0777 : 0644;
    }
}
