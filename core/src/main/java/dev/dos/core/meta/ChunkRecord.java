package dev.dos.core.meta;

import dev.dos.core.remote.BlobRef;
import java.util.Objects;

/**
 * One chunk of a batch: a sealed (compressed, then encrypted) slice of the batch's archive.
 *
 * @param batchId   owning batch
 * @param index     position in the batch, from 0
 * @param size      ciphertext bytes, as stored remotely
 * @param sha256    lowercase hex SHA-256 of the ciphertext, checked on every download and verify
 * @param plainSize bytes after decryption (the compressed archive slice)
 * @param state     upload journal state
 * @param remote    where the remote stored it (thread, message, attachment ids); present exactly when POSTED
 * @param last      whether this is the batch's final chunk
 */
public record ChunkRecord(String batchId, int index, long size, String sha256, long plainSize, ChunkState state,
                          BlobRef remote, boolean last) {

    public static final int SHA256_HEX_DIGITS = 64;

    public ChunkRecord {
        HexIds.requireLowerHex(batchId, BatchRecord.ID_HEX_DIGITS, "batch id");
        HexIds.requireLowerHex(sha256, SHA256_HEX_DIGITS, "chunk sha256");
        Objects.requireNonNull(state, "state");
        if (index < 0 || size < 0 || plainSize < 0) {
            throw new IllegalArgumentException("negative index or size for chunk " + index + " of " + batchId);
        }
        if ((state == ChunkState.POSTED) != (remote != null)) {
            throw new IllegalArgumentException("chunk " + index + " of " + batchId
                    + ": remote ids must be present exactly when POSTED (state " + state + ")");
        }
    }

    /** A chunk whose bytes are ready but not yet sent. */
    public static ChunkRecord planned(String batchId, int index, long size, String sha256, long plainSize,
                                      boolean last) {
        return new ChunkRecord(batchId, index, size, sha256, plainSize, ChunkState.PLANNED, null, last);
    }
}
