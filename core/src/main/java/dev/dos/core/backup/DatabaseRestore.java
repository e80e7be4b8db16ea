package dev.dos.core.backup;

import dev.dos.core.config.OwnerOnly;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.crypto.WrongKeyException;
import dev.dos.core.format.ChunkFormat;
import dev.dos.core.format.ChunkSource;
import dev.dos.core.format.IntegrityException;
import dev.dos.core.format.SealedStreams;
import dev.dos.core.meta.MetadataStore;
import dev.dos.core.ops.ProgressListener;
import dev.dos.core.remote.StorageRemote;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Restores the local index from a backup, in two steps so that nothing is replaced before the
 * backup has proven good: {@link #fromFile}/{@link #fromLatestRemote} decrypt it (every chunk is
 * authenticated) and check that it opens as a dos index; {@link #install} then swaps it in for
 * the live database, keeping a consistent copy of the old one as {@code <database>.bak}.
 */
public final class DatabaseRestore {
    private final StorageRemote remote;
    private final MasterKey key;

    public DatabaseRestore(StorageRemote remote, MasterKey key) {
        this.remote = remote;
        this.key = key;
    }

    /** Decrypts and checks a local backup file into {@code workDir} (the live database's directory). */
    public RestoredDatabase fromFile(Path backupFile, Path workDir, ProgressListener listener) throws IOException {
        BackupFile file = BackupFile.open(backupFile);
        return decrypt(file.header(), file.storedBytes(), file.source(), workDir, backupFile.toString(), 0, listener);
    }

    /**
     * Finds the newest complete backup made with this key in the remote's backup area (reading
     * every post there), then decrypts and checks it into {@code workDir}.
     *
     * @throws BackupNotFoundException if the area holds no complete backup
     * @throws WrongKeyException if it holds backups, but none made with this key
     */
    public RestoredDatabase fromLatestRemote(Path workDir, ProgressListener listener) throws IOException {
        RemoteBackups backups = new RemoteBackups(remote);
        List<RemoteBackup> all = backups.list();
        RemoteBackup latest = all.reversed().stream()
                .filter(b -> b.header().keyFingerprint().equals(key.fingerprint()))
                .findFirst()
                .orElse(null);
        if (latest == null) {
            if (all.isEmpty()) {
                throw new BackupNotFoundException("the backup channel holds no complete database backup"
                        + " (take one with 'dos backup --to-discord'; if there is one, the bot may lack"
                        + " READ_MESSAGE_HISTORY there: Discord then shows an empty channel)");
            }
            throw new WrongKeyException();
        }
        return decrypt(latest.header(), latest.storedBytes(), latest.source(remote), workDir, "the backup channel",
                backups.foreignPosts(), listener);
    }

    private RestoredDatabase decrypt(BackupHeader header, long storedBytes, ChunkSource source, Path workDir,
                                     String from, int foreignPosts, ProgressListener listener) throws IOException {
        if (!header.keyFingerprint().equals(key.fingerprint())) {
            throw new WrongKeyException();
        }
        Path plain = OwnerOnly.createTempFileBeside(workDir.resolve("restored-" + header.backupId() + ".db"));
        try {
            listener.phaseStarted("restore-db", storedBytes);
            try (InputStream in = SealedStreams.reader(key, header.backupId(), counting(source, listener),
                    header.chunkCount());
                 FileChannel channel = FileChannel.open(plain, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(channel)) {
                in.transferTo(out);
                channel.force(true);
            } catch (IntegrityException e) {
                throw new IntegrityException(null, -2, e.reason(), "backup " + header.backupId() + ", chunk "
                        + e.chunkIndex() + " of " + header.chunkCount() + ", from " + from, e);
            } finally {
                listener.phaseEnded();
            }
            DatabaseCheck.Result check = DatabaseCheck.check(plain, "backup " + header.backupId() + " from " + from);
            if (check.snapshotAt().isPresent() && check.snapshotAt().get().isBefore(header.createdAt())) {
                throw new IntegrityException(null, -2, IntegrityException.Reason.CONTENT_MISMATCH, "backup "
                        + header.backupId() + " from " + from + " claims to be of " + header.createdAt()
                        + " but holds the index as it was at " + check.snapshotAt().get()
                        + " (an older backup posted again under a newer date?); refused");
            }
            return new RestoredDatabase(header, from, check.schemaVersion(), check.batches(), plain,
                    check.snapshotAt().isPresent(), foreignPosts);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(plain);
            throw e;
        }
    }

    private static ChunkSource counting(ChunkSource source, ProgressListener listener) {
        return index -> {
            try (InputStream in = source.open(index)) {
                byte[] bytes = in.readNBytes(ChunkFormat.MAX_CHUNK_BYTES + 1);
                listener.advanced(bytes.length);
                return new ByteArrayInputStream(bytes);
            }
        };
    }

    /**
     * Makes {@code restored} the live index at {@code liveFile}. First a consistent copy of the
     * current index (including what its write-ahead log holds) is written to
     * {@code <liveFile>.bak-<UTC time>} (a new name every time: earlier copies are never
     * overwritten); then {@code live} is closed, and the restored file is renamed over the live
     * one, atomically. Returns the path of the copy.
     *
     * <p>{@code live} must be the only open handle on {@code liveFile}: SQLite removes the
     * write-ahead log when its last connection closes, so a log still present afterwards means
     * another process has the database open, and replacing the file under it would corrupt
     * both. That is refused with {@link DatabaseInUseException}. {@code live} is closed in any case.
     */
    public static Path install(RestoredDatabase restored, MetadataStore live, Path liveFile) throws IOException {
        Path database = liveFile.toAbsolutePath();
        Path previous = freshBackupName(database);
        try {
            live.backupTo(previous);
        } finally {
            live.close();
        }
        for (String suffix : new String[] {"-wal", "-shm"}) {
            if (Files.exists(database.resolveSibling(database.getFileName() + suffix))) {
                throw new DatabaseInUseException(database);
            }
        }
        Files.move(restored.file(), database, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return previous;
    }

    /** {@code <database>.bak-<UTC time>}, with a counter when that name is taken. */
    static Path freshBackupName(Path database) {
        String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now());
        Path candidate = database.resolveSibling(database.getFileName() + ".bak-" + stamp);
        for (int n = 2; Files.exists(candidate); n++) {
            candidate = database.resolveSibling(database.getFileName() + ".bak-" + stamp + "-" + n);
        }
        return candidate;
    }
}
