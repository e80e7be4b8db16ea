package dev.dos.core.backup;

import dev.dos.core.config.OwnerOnly;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The backup files in one directory, named {@code metadata-<UTC time>.dosb} so that name order
 * is time order. Only files with exactly that shape are ever listed or rotated away: anything
 * else a user keeps in the directory is left alone.
 */
public final class LocalBackups {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern NAME = Pattern.compile("metadata-[0-9]{8}T[0-9]{9}Z\\.dosb");
    /**
     * The temporary files a backup makes here on its way (see {@link BackupOperation}): the index
     * copied by SQLite, the plaintext snapshot, the sealed file before its rename, and the
     * journals SQLite keeps beside the first two while it writes them. A backup killed midway
     * leaves them behind.
     */
    private static final Pattern TEMPORARY = Pattern.compile("(\\.dos-backup-[0-9]+\\.tmp|\\.snapshot-[0-9a-f]+\\.db)"
            + "(-journal|-wal|-shm)?|\\.metadata-[0-9]{8}T[0-9]{9}Z\\.dosb-[0-9]+\\.tmp");
    /** Within one JVM (the dashboard runs jobs side by side) an OS file lock cannot be taken twice. */
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

    private final Path directory;

    public LocalBackups(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    public Path directory() {
        return directory;
    }

    /** Where a backup taken at {@code createdAt} is stored. */
    public Path fileFor(Instant createdAt) {
        return directory.resolve("metadata-" + STAMP.format(createdAt) + ".dosb");
    }

    /** The backup files, newest first; empty if the directory does not exist. */
    public List<Path> list() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
                    .filter(Files::isRegularFile)
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed())
                    .toList();
        }
    }

    /**
     * Takes this directory for one backup's local half (snapshot, seal, rename, rotation), waiting
     * for another process's or thread's to end. The OS drops the lock of a process however it dies,
     * so whoever holds it knows that the temporary files it finds were left by a backup that was
     * killed: {@link #removeLeftovers()} may remove them. The lock is on an empty owner-only file
     * beside the directory ({@code .backups.lock}), so the directory holds backups only.
     */
    public Held lock() throws IOException {
        ReentrantLock local = IN_JVM.computeIfAbsent(directory, d -> new ReentrantLock());
        local.lock();
        try {
            Path file = directory.resolveSibling("." + directory.getFileName() + ".lock");
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    OwnerOnly.write(file, new byte[0], false);
                } catch (FileAlreadyExistsException raced) {
                    // another backup made it first
                }
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            try {
                FileLock held = channel.lock();
                return () -> {
                    try (channel) {
                        held.release();
                    } finally {
                        local.unlock();
                    }
                };
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            local.unlock();
            throw e;
        }
    }

    /** The directory taken by {@link #lock()}; closing gives it back. */
    public interface Held extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    /**
     * Deletes the temporary files of backups killed midway (among them plaintext copies of the
     * index); only under {@link #lock()}, so that no running backup's files are taken for leftovers.
     * Returns what it deleted.
     */
    public List<Path> removeLeftovers() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Path> deleted = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path p : files.filter(p -> TEMPORARY.matcher(p.getFileName().toString()).matches()).toList()) {
                if (Files.deleteIfExists(p)) {
                    deleted.add(p);
                }
            }
        }
        return deleted;
    }

    /** Deletes all but the newest {@code keep} backups; returns what it deleted. */
    public List<Path> rotate(int keep) throws IOException {
        if (keep < 1) {
            throw new IllegalArgumentException("keep at least one backup, not " + keep);
        }
        List<Path> all = list();
        List<Path> deleted = new ArrayList<>();
        for (Path old : all.subList(Math.min(keep, all.size()), all.size())) {
            if (Files.deleteIfExists(old)) {
                deleted.add(old);
            }
        }
        return deleted;
    }
}
