package dev.dos.core.backup;

import dev.dos.core.config.OwnerOnly;
import dev.dos.core.format.BatchId;
import dev.dos.core.format.ChunkTarget;
import dev.dos.core.format.ChunkWriter;
import dev.dos.core.format.SealedStreams;
import dev.dos.core.meta.SettingKeys;
import dev.dos.core.ops.ProgressListener;
import dev.dos.core.ops.Repository;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Backs up the local index: a consistent snapshot of the live database (taken while other
 * commands keep reading and writing it), sealed with the store's key into a local backup file,
 * older local backups rotated away, and optionally the same sealed chunks posted to the remote's
 * backup area. The plaintext snapshot exists only briefly, owner-only, beside the backups; what a
 * backup killed midway left there is removed by the next one.
 */
public final class BackupOperation {
    private static final int COPY_BUFFER = 256 * 1024;

    private final Repository repo;
    private final LocalBackups local;

    /** Backs up {@code repo}'s index into {@code directory}. */
    public BackupOperation(Repository repo, Path directory) {
        this.repo = repo;
        this.local = new LocalBackups(directory);
    }

    public BackupResult backup(BackupOptions options, ProgressListener listener) throws IOException {
        Instant createdAt = Instant.ofEpochMilli(repo.clock().millis());
        ChunkTarget target = options.chunkTarget() != null ? options.chunkTarget()
                : options.toRemote() ? ChunkTarget.forBlobLimit(repo.remote().limits().maxBlobBytes())
                : ChunkTarget.DEFAULT;
        BatchId backupId = BatchId.random();
        OwnerOnly.createDirectories(local.directory());
        // A dot-name that never matches a backup file, so rotation cannot take it for one.
        Path snapshot = local.directory().resolve(".snapshot-" + backupId + ".db");
        Path file = local.fileFor(createdAt);
        BackupHeader header;
        long databaseBytes;
        long storedBytes;
        List<Path> removed;
        // The local half holds the directory: the temporary files found meanwhile are those of a
        // backup killed midway (a plaintext snapshot among them), never a running one's.
        try (LocalBackups.Held held = local.lock()) {
            local.removeLeftovers();
            try {
                repo.metadata().putInstantSetting(SettingKeys.SNAPSHOT_FOR_BACKUP_AT, createdAt);
                repo.metadata().backupTo(snapshot);
                databaseBytes = Files.size(snapshot);
                listener.phaseStarted("backup", databaseBytes);
                try (BackupFileWriter out = BackupFileWriter.create(file, backupId, repo.key().fingerprint(),
                        createdAt)) {
                    seal(snapshot, SealedStreams.writer(repo.key(), backupId, options.compression(), target, out),
                            listener);
                    header = out.commit();
                    storedBytes = out.storedBytes();
                } finally {
                    listener.phaseEnded();
                }
            } finally {
                Files.deleteIfExists(snapshot);
            }
            repo.metadata().putInstantSetting(SettingKeys.LAST_BACKUP_AT, createdAt);
            // Rotate before posting: the local half is finished even if the remote refuses.
            removed = local.rotate(options.keep());
        }
        List<String> posts = List.of();
        if (options.toRemote()) {
            listener.phaseStarted("post backup", storedBytes);
            try {
                posts = new RemoteBackups(repo.remote()).post(BackupFile.open(file), listener);
            } catch (IOException e) {
                throw new BackupNotPostedException(file, e);
            } finally {
                listener.phaseEnded();
            }
        }
        return new BackupResult(header, file, databaseBytes, storedBytes, posts, removed);
    }

    private static void seal(Path snapshot, ChunkWriter sealer, ProgressListener listener) throws IOException {
        try (InputStream in = Files.newInputStream(snapshot)) {
            byte[] buffer = new byte[COPY_BUFFER];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sealer.write(buffer, 0, n);
                listener.advanced(n);
            }
            sealer.close();
        } catch (IOException | RuntimeException e) {
            // No LAST chunk for a stream that did not end.
            sealer.abort();
            throw e;
        }
    }
}
