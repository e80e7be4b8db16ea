package dev.dos.core.pack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Builds source trees and compares restored ones, entry by entry. */
final class Trees {
    private static final LinkOption NO_FOLLOW = LinkOption.NOFOLLOW_LINKS;

    private Trees() {
    }

    static Path file(Path root, String path, byte[] content, String mode, long mtimeMillis) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        Files.setLastModifiedTime(file, FileTime.fromMillis(mtimeMillis));
        return file;
    }

    static Path dir(Path root, String path, String mode, long mtimeMillis) throws IOException {
        Path dir = Files.createDirectories(root.resolve(path));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
        Files.setLastModifiedTime(dir, FileTime.fromMillis(mtimeMillis));
        return dir;
    }

    static Path symlink(Path root, String path, String target, long mtimeMillis) throws IOException {
        Path link = root.resolve(path);
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, Path.of(target));
        Files.getFileAttributeView(link, BasicFileAttributeView.class, NO_FOLLOW)
                .setTimes(FileTime.fromMillis(mtimeMillis), null, null);
        return link;
    }

    /** Directory times change when children are added: set them once the tree is complete. */
    static void touchDirectories(Path root, long mtimeMillis) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path dir : all.filter(p -> Files.isDirectory(p, NO_FOLLOW))
                    .sorted(Comparator.comparingInt(Path::getNameCount).reversed()).toList()) {
                Files.setLastModifiedTime(dir, FileTime.fromMillis(mtimeMillis));
            }
        }
    }

    /** Type, content, link target, permissions and modification time of everything under a root. */
    static Map<String, String> describe(Path root) throws IOException {
        Map<String, String> description = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            all.forEach(path -> description.put(root.relativize(path).toString(), describeOne(path)));
        }
        return description;
    }

    static void assertSameTree(Path expected, Path actual) throws IOException {
        assertThat(describe(actual)).isEqualTo(describe(expected));
    }

    private static String describeOne(Path path) {
        try {
            long mtime = Files.getLastModifiedTime(path, NO_FOLLOW).toMillis();
            if (Files.isSymbolicLink(path)) {
                return "link -> " + Files.readSymbolicLink(path) + " @" + mtime;
            }
            String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(path, NO_FOLLOW));
            if (Files.isDirectory(path, NO_FOLLOW)) {
                return "dir " + mode + " @" + mtime;
            }
            return "file " + mode + " @" + mtime + " sha256=" + sha256(Files.readAllBytes(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(FileContentCopier.sha256().digest(bytes));
    }

    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root, NO_FOLLOW)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                if (Files.isDirectory(path, NO_FOLLOW)) {
                    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
                }
                Files.delete(path);
            }
        }
    }

    /** Names under a directory that look like restore temporaries. */
    static long temporaryFiles(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> p.getFileName().toString().startsWith(".dos-restore-")).count();
        }
    }
}
