package dev.dos.core.backup;

import java.nio.file.Path;
import java.util.List;

/**
 * What a backup produced.
 *
 * @param header        the backup's id, key, date and chunk count
 * @param file          the local backup file
 * @param databaseBytes size of the plaintext snapshot
 * @param storedBytes   size of the sealed chunks
 * @param remotePostIds ids of the posts in the remote's backup area, in part order; empty if not posted
 * @param removed       older local backups deleted by rotation
 */
public record BackupResult(BackupHeader header, Path file, long databaseBytes, long storedBytes,
                           List<String> remotePostIds, List<Path> removed) {
    public BackupResult {
        remotePostIds = List.copyOf(remotePostIds);
        removed = List.copyOf(removed);
    }
}
