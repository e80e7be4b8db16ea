package dev.dos.core.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Creation of directories and files only their owner can read. Config holds the bot token, and data
 * holds file names in clear. On file systems without POSIX permissions the platform's defaults apply.
 */
final class OwnerOnly {
    private OwnerOnly() {
    }

    /** Creates {@code dir} and missing parents as 0700; an existing directory is left as it is. */
    static void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Files.createDirectories(dir, attributes(dir, "rwx------"));
    }

    /** A new empty 0600 file beside {@code target}, for writing and then moving over it. */
    static Path createTempFileBeside(Path target) throws IOException {
        Path dir = target.getParent();
        return Files.createTempFile(dir, "." + target.getFileName() + "-", ".tmp", attributes(dir, "rw-------"));
    }

    private static FileAttribute<?>[] attributes(Path where, String permissions) {
        return where.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))}
                : new FileAttribute<?>[0];
    }
}
