package dev.dos.core.backup;

import dev.dos.core.compress.Compression;
import dev.dos.core.format.ChunkTarget;
import java.util.Objects;

/**
 * How to take a backup.
 *
 * @param keep        local backups to keep, the new one included (older ones are deleted), at least 1
 * @param toRemote    also post the backup to the remote's backup area
 * @param chunkTarget largest sealed chunk; null: the remote's blob limit when posting, else
 *                    {@link ChunkTarget#DEFAULT} (which fits any Discord server, so the file can be posted later)
 * @param compression how the snapshot is compressed before sealing
 */
public record BackupOptions(int keep, boolean toRemote, ChunkTarget chunkTarget, Compression compression) {
    public static final int DEFAULT_KEEP = 5;

    public BackupOptions {
        Objects.requireNonNull(compression, "compression");
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1 (the new backup), not " + keep);
        }
    }

    public static BackupOptions defaults() {
        return new BackupOptions(DEFAULT_KEEP, false, null, Compression.DEFAULT);
    }

    public BackupOptions withKeep(int newKeep) {
        return new BackupOptions(newKeep, toRemote, chunkTarget, compression);
    }

    public BackupOptions withToRemote(boolean post) {
        return new BackupOptions(keep, post, chunkTarget, compression);
    }

    public BackupOptions withChunkTarget(ChunkTarget target) {
        return new BackupOptions(keep, toRemote, target, compression);
    }
}
