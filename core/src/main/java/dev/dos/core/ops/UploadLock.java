package dev.dos.core.ops;

import dev.dos.core.config.OwnerOnly;
import dev.dos.core.meta.MetadataStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Says who is writing a batch. An upload or a resume holds its batch's lock from before the batch
 * is created or taken over until it ends. The operating system drops the lock when the process
 * dies, however it dies ({@code kill -9}, power loss), so a batch still UPLOADING whose lock is
 * free was abandoned and may be resumed, while one whose lock is held is left alone.
 *
 * <p>The locks are OS file locks on files in {@code upload-locks/} beside the metadata database, so
 * every process sharing that database sees them. A lock file is removed only once its batch is
 * COMPLETE or gone: a process that locks a just-removed file then reads that state and stops, so
 * two writers can never both believe they hold a live batch. A store without a database file
 * (tests) locks within this JVM.
 */
final class UploadLock implements AutoCloseable {
    private static final Set<String> IN_MEMORY = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final String memoryKey;
    private boolean released;

    private UploadLock(Path file, FileChannel channel, FileLock lock, String memoryKey) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.memoryKey = memoryKey;
    }

    /** The lock of batch {@code batchId}, or empty if another process (or thread) holds it. */
    static Optional<UploadLock> tryAcquire(MetadataStore metadata, String batchId) throws IOException {
        Optional<Path> database = metadata.databaseFile();
        if (database.isEmpty()) {
            String key = System.identityHashCode(metadata) + "/" + batchId;
            return IN_MEMORY.add(key) ? Optional.of(new UploadLock(null, null, null, key)) : Optional.empty();
        }
        Path dir = database.get().toAbsolutePath().resolveSibling("upload-locks");
        OwnerOnly.createDirectories(dir); // beside the index, like everything in the data folder: owner-only
        Path file = dir.resolve(batchId + ".lock");
        FileChannel channel = dir.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            return Optional.of(new UploadLock(file, channel, lock, null));
        } catch (OverlappingFileLockException heldInThisJvm) {
            channel.close();
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }


    /**
     * Removes the lock file, then releases the lock. Only for a batch that is COMPLETE or deleted:
     * nobody needs to know who writes it any more.
     */
    void discard() {
        if (file != null && !released) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // A leftover empty lock file is harmless: the next holder finds the batch complete.
            }
        }
        close();
    }

    @Override
    public void close() {
        if (released) {
            return;
        }
        released = true;
        if (memoryKey != null) {
            IN_MEMORY.remove(memoryKey);
            return;
        }
        try (channel) {
            lock.release();
        } catch (IOException ignored) {
            // Closing the channel releases the lock whatever else fails; the process exit would too.
        }
    }
}
