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
public final class OwnerOnly {
    private OwnerOnly() {
    }

    /** Creates {@code dir} and missing parents as 0700; an existing directory is left as it is. */
    public static void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Files.createDirectories(dir, attributes(dir, "rwx------"));
    }

    /** A new empty 0600 file beside {@code target} (its directory created if missing), for writing and then moving over it. */
    public static Path createTempFileBeside(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        createDirectories(dir);
        return Files.createTempFile(dir, "." + target.getFileName() + "-", ".tmp", attributes(dir, "rw-------"));
    }

    /** Writes {@code text} to {@code target} as a 0600 file, atomically: readers see all of it or none. */
    public static void writeString(Path target, String text) throws IOException {
        Path tmp = createTempFileBeside(target);
        try {
            Files.writeString(tmp, text, java.nio.charset.StandardCharsets.UTF_8);
            Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static FileAttribute<?>[] attributes(Path where, String permissions) {
        return where.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))}
                : new FileAttribute<?>[0];
    }
}
