package dev.dos.core.meta;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One batch as the local index knows it. Times have millisecond precision (the store keeps epoch
 * milliseconds), so the constructor truncates them. The encrypted manifest and the resume source
 * description are large and rarely needed, so they are not part of this record: see
 * {@link BatchStore#saveManifest} and {@link BatchStore#saveSource}.
 *
 * @param id              32 lowercase hex digits (128 random bits)
 * @param name            display name, local only (e.g. the uploaded root names); never sent to the remote in clear
 * @param state           lifecycle state
 * @param createdAt       when the upload started
 * @param completedAt     when the batch became COMPLETE; null before
 * @param codec           compression codec name, as the compress layer names it
 * @param originalBytes   total content bytes of the uploaded files
 * @param storedBytes     total ciphertext bytes of all chunks
 * @param fileCount       number of manifest entries
 * @param chunkCount      number of chunks the batch has (planned or posted)
 * @param formatVersion   on-wire format version the batch was written with
 * @param keyFingerprint  fingerprint of the encryption key; null if unknown
 * @param storageThreadId remote container (Discord thread) holding the chunks; null until created
 * @param indexMessageId  remote post (Discord message) of the batch's index card; null until posted
 */
public record BatchRecord(String id, String name, BatchState state, Instant createdAt, Instant completedAt,
                          String codec, long originalBytes, long storedBytes, long fileCount, int chunkCount,
                          int formatVersion, String keyFingerprint, String storageThreadId,
                          String indexMessageId) {

    public static final int ID_HEX_DIGITS = 32;

    public BatchRecord {
        HexIds.requireLowerHex(id, ID_HEX_DIGITS, "batch id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        createdAt = Objects.requireNonNull(createdAt, "createdAt").truncatedTo(ChronoUnit.MILLIS);
        completedAt = completedAt == null ? null : completedAt.truncatedTo(ChronoUnit.MILLIS);
        Objects.requireNonNull(codec, "codec");
        if (originalBytes < 0 || storedBytes < 0 || fileCount < 0 || chunkCount < 0 || formatVersion < 0) {
            throw new IllegalArgumentException("negative size, count or version in batch " + id);
        }
    }

    /** A batch whose upload starts now: no totals, no remote ids yet. */
    public static BatchRecord startUpload(String id, String name, Instant createdAt, String codec,
                                          int formatVersion, String keyFingerprint) {
        return new BatchRecord(id, name, BatchState.UPLOADING, createdAt, null, codec, 0, 0, 0, 0,
                formatVersion, keyFingerprint, null, null);
    }

    public BatchRecord withState(BatchState newState) {
        return new BatchRecord(id, name, newState, createdAt, completedAt, codec, originalBytes, storedBytes,
                fileCount, chunkCount, formatVersion, keyFingerprint, storageThreadId, indexMessageId);
    }

    public BatchRecord withCompletedAt(Instant newCompletedAt) {
        return new BatchRecord(id, name, state, createdAt, newCompletedAt, codec, originalBytes, storedBytes,
                fileCount, chunkCount, formatVersion, keyFingerprint, storageThreadId, indexMessageId);
    }

    public BatchRecord withTotals(long newOriginalBytes, long newStoredBytes, long newFileCount, int newChunkCount) {
        return new BatchRecord(id, name, state, createdAt, completedAt, codec, newOriginalBytes, newStoredBytes,
                newFileCount, newChunkCount, formatVersion, keyFingerprint, storageThreadId, indexMessageId);
    }

    public BatchRecord withRemoteIds(String newStorageThreadId, String newIndexMessageId) {
        return new BatchRecord(id, name, state, createdAt, completedAt, codec, originalBytes, storedBytes,
                fileCount, chunkCount, formatVersion, keyFingerprint, newStorageThreadId, newIndexMessageId);
    }
}
