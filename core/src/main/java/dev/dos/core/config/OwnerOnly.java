package dev.dos.core.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.Consumer;

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

    /** Writes {@code text} to {@code target} as a 0600 file, atomically and durably, replacing any file there. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8), true);
    }

    /**
     * Writes {@code bytes} to {@code target} as a 0600 file, atomically (readers see all of it or
     * none) and durably: a temporary file beside it, flushed to disk, renamed over it, then the
     * directory flushed. With {@code replace} false an existing file is never touched
     * ({@link FileAlreadyExistsException}).
     */
    public static void write(Path target, byte[] bytes, boolean replace) throws IOException {
        Path file = target.toAbsolutePath();
        if (!replace && Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(file.toString(), null, "file exists");
        }
        Path temp = createTempFileBeside(file);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (replace) {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                // Without REPLACE_EXISTING the move refuses an existing target instead of clobbering it.
                Files.move(temp, file);
            }
            syncDirectory(file.getParent());
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    // Makes a rename durable. Some platforms cannot open a directory; the rename is then as durable
    // as the platform allows.
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort, see above
        }
    }

    /**
     * Warns, as ssh does for private keys, when {@code file} (a key, config or token file about to
     * be read) can be read or written by its group or others: one line on {@code warnings}. Missing
     * files and file systems without POSIX permissions pass silently.
     */
    public static void warnIfNotPrivate(Path file, Consumer<String> warnings) {
        Set<PosixFilePermission> modes;
        try {
            modes = Files.getPosixFilePermissions(file);
        } catch (IOException | UnsupportedOperationException e) {
            return;
        }
        int mode = 0;
        for (PosixFilePermission p : modes) {
            mode |= 1 << (8 - p.ordinal()); // OWNER_READ is 0400, ..., OTHERS_EXECUTE 0001
        }
        if ((mode & 0066) != 0) {
            warnings.accept(String.format("warning: %s is %s by others (mode %04o); run chmod 600 %s", file,
                    (mode & 0044) != 0 ? "readable" : "writable", mode, file));
        }
    }

    private static FileAttribute<?>[] attributes(Path where, String permissions) {
        return where.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))}
                : new FileAttribute<?>[0];
    }
}
