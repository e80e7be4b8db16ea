package dev.dos.core.backup;

import dev.dos.core.crypto.KeyFingerprint;
import dev.dos.core.format.BatchId;
import java.time.Instant;
import java.util.Objects;

/**
 * The clear facts of one database backup, as the local file's header and the remote's backup
 * cards carry them (docs/FORMAT.md section 8). Nothing here is secret.
 *
 * @param backupId       random id; salts the backup's key derivation and is in every chunk header
 * @param keyFingerprint the key that sealed the chunks, so a wrong key is named before decrypting
 * @param createdAt      when the snapshot was taken (millisecond precision)
 * @param chunkCount     number of sealed chunks, at least 1
 */
public record BackupHeader(BatchId backupId, KeyFingerprint keyFingerprint, Instant createdAt, int chunkCount) {
    public BackupHeader {
        Objects.requireNonNull(backupId, "backupId");
        Objects.requireNonNull(keyFingerprint, "keyFingerprint");
        Objects.requireNonNull(createdAt, "createdAt");
        if (chunkCount < 1) {
            throw new IllegalArgumentException("a backup has at least one chunk, not " + chunkCount);
        }
        createdAt = Instant.ofEpochMilli(createdAt.toEpochMilli());
    }
}
