package dev.dos.core.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files and directories only their owner can read. A backup and its plaintext snapshot hold the
 * same file names as the index itself, so they get the same protection.
 */
final class OwnerOnlyFiles {
    private OwnerOnlyFiles() {
    }

    static void createDirectories(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, attributes(dir, "rwx------"));
        }
    }

    /** A new empty 0600 file in {@code target}'s directory, named after it. */
    static Path createTempBeside(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        createDirectories(dir);
        return Files.createTempFile(dir, "." + target.getFileName() + "-", ".tmp", attributes(dir, "rw-------"));
    }

    private static FileAttribute<?>[] attributes(Path where, String permissions) {
        return where.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))}
                : new FileAttribute<?>[0];
    }
}
