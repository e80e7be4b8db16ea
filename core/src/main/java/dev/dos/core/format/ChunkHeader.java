package dev.dos.core.format;

import dev.dos.core.crypto.AesGcm;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * The clear header of a chunk. Readable without the key, so resume and rebuild can tell which
 * batch and index a blob holds from its first {@link ChunkFormat#HEADER_BYTES} bytes.
 *
 * @param last    whether this is the final chunk of its batch
 * @param index   position in the batch, from 0
 * @param batchId owning batch
 * @param nonce   the chunk's 12-byte GCM nonce
 */
public record ChunkHeader(boolean last, int index, BatchId batchId, byte[] nonce) {

    public ChunkHeader {
        Objects.requireNonNull(batchId, "batchId");
        if (index < 0) {
            throw new IllegalArgumentException("negative chunk index");
        }
        if (nonce.length != AesGcm.NONCE_BYTES) {
            throw new IllegalArgumentException("nonce must be " + AesGcm.NONCE_BYTES + " bytes");
        }
        nonce = nonce.clone();
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    /**
     * Parses the header at the start of {@code chunk} (only its first {@link ChunkFormat#HEADER_BYTES}
     * bytes are needed). Checks magic, version and flags; authenticates nothing.
     */
    public static ChunkHeader parse(byte[] chunk) throws IntegrityException {
        return parse(chunk, null, -1);
    }

    /** As {@link #parse(byte[])}, naming the batch and index the caller expected in errors. */
    static ChunkHeader parse(byte[] chunk, BatchId expectedBatch, int expectedIndex) throws IntegrityException {
        if (chunk.length < ChunkFormat.HEADER_BYTES) {
            throw new IntegrityException(expectedBatch, expectedIndex, IntegrityException.Reason.TRUNCATED,
                    chunk.length + " bytes, shorter than a chunk header");
        }
        if (!Arrays.equals(chunk, 0, 4, ChunkFormat.MAGIC, 0, 4)) {
            throw new IntegrityException(expectedBatch, expectedIndex, IntegrityException.Reason.BAD_MAGIC, null);
        }
        ByteBuffer buffer = ByteBuffer.wrap(chunk, 4, ChunkFormat.HEADER_BYTES - 4);
        int version = buffer.get() & 0xff;
        if (version != ChunkFormat.VERSION) {
            throw new IntegrityException(expectedBatch, expectedIndex, IntegrityException.Reason.UNKNOWN_VERSION,
                    "version " + version + ", this build reads " + ChunkFormat.VERSION);
        }
        int flags = buffer.get() & 0xff;
        if ((flags & ~ChunkFormat.FLAG_LAST) != 0) {
            throw new IntegrityException(expectedBatch, expectedIndex, IntegrityException.Reason.BAD_HEADER,
                    "unknown flags " + Integer.toHexString(flags));
        }
        int index = buffer.getInt();
        if (index < 0) {
            throw new IntegrityException(expectedBatch, expectedIndex, IntegrityException.Reason.BAD_HEADER,
                    "chunk index out of range");
        }
        BatchId batchId = BatchId.fromBytes(chunk, 10);
        byte[] nonce = Arrays.copyOfRange(chunk, 26, ChunkFormat.HEADER_BYTES);
        return new ChunkHeader((flags & ChunkFormat.FLAG_LAST) != 0, index, batchId, nonce);
    }

    /** Writes the header fields before the nonce (the nonce's own input) into {@code out}. */
    static void writePrefix(byte[] out, boolean last, int index, byte[] batchId) {
        ByteBuffer buffer = ByteBuffer.wrap(out, 0, ChunkFormat.NONCE_PREFIX_BYTES);
        buffer.put(ChunkFormat.MAGIC);
        buffer.put((byte) ChunkFormat.VERSION);
        buffer.put((byte) (last ? ChunkFormat.FLAG_LAST : 0));
        buffer.putInt(index);
        buffer.put(batchId);
    }
}
