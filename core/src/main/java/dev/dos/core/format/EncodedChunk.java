package dev.dos.core.format;

import dev.dos.core.compress.Codec;
import dev.dos.core.crypto.AesGcm;
import java.util.Objects;

/**
 * One finished chunk, ready to upload as one blob. The array is handed over, not copied: the
 * sink owns it from then on.
 *
 * @param batchId  owning batch (or backup)
 * @param index    position, from 0
 * @param last     whether this is the final chunk
 * @param bytes    the encoded chunk: clear header, ciphertext, tag
 * @param codec    how the segment inside was encoded
 * @param rawBytes decoded segment length (bytes of the tar stream this chunk carries)
 * @param sha256   lowercase hex SHA-256 of {@code bytes}
 */
public record EncodedChunk(BatchId batchId, int index, boolean last, byte[] bytes, Codec codec, long rawBytes,
                           String sha256) {
    public EncodedChunk {
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(sha256, "sha256");
    }

    /** Stored size: what the blob weighs. */
    public int size() {
        return bytes.length;
    }

    /** Decrypted size: inner header plus encoded payload. */
    public int plaintextBytes() {
        return bytes.length - ChunkFormat.HEADER_BYTES - AesGcm.TAG_BYTES;
    }

    /** What a manifest records about this chunk. */
    public ManifestChunk toManifestChunk() {
        return new ManifestChunk(index, bytes.length, rawBytes, sha256);
    }

    @Override
    public String toString() {
        return "EncodedChunk[" + batchId + " #" + index + (last ? " last" : "") + ", " + bytes.length + " bytes, "
                + codec.label() + "]";
    }
}
