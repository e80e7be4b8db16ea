package dev.dos.core.format;

import dev.dos.core.compress.Codec;
import dev.dos.core.crypto.AesGcm;
import dev.dos.core.crypto.StreamKey;
import dev.dos.core.format.IntegrityException.Reason;
import java.nio.ByteBuffer;
import javax.crypto.AEADBadTagException;

/**
 * Checks and decrypts one chunk. Every clear field is checked before the tag, the tag before
 * anything of the plaintext is used. Stateless: any thread may open chunks (a source that
 * downloads ahead opens them on its download threads, {@link ChunkSource#openChunk}).
 */
public final class ChunkOpener {
    private ChunkOpener() {
    }

    /**
     * Opens {@code chunk}, which must be chunk {@code expectedIndex} of the stream {@code key}
     * belongs to and at most {@link ChunkFormat#MAX_CHUNK_BYTES} long.
     */
    public static OpenedChunk open(StreamKey key, int expectedIndex, byte[] chunk) throws IntegrityException {
        BatchId expectedBatch = BatchId.fromBytes(key.streamId());
        if (chunk.length > ChunkFormat.MAX_CHUNK_BYTES) {
            throw new IntegrityException(expectedBatch, expectedIndex, Reason.TOO_LARGE,
                    "blob exceeds " + ChunkFormat.MAX_CHUNK_BYTES + " bytes");
        }
        ChunkHeader header = ChunkHeader.parse(chunk, expectedBatch, expectedIndex);
        if (!header.batchId().equals(expectedBatch)) {
            throw new IntegrityException(expectedBatch, expectedIndex, Reason.WRONG_BATCH,
                    "its header names batch " + header.batchId());
        }
        if (header.index() != expectedIndex) {
            throw new IntegrityException(expectedBatch, expectedIndex, Reason.WRONG_INDEX,
                    "its header says index " + header.index());
        }
        if (chunk.length < ChunkFormat.OVERHEAD_BYTES) {
            throw new IntegrityException(expectedBatch, expectedIndex, Reason.TRUNCATED,
                    chunk.length + " bytes, shorter than the fixed overhead");
        }
        byte[] plain;
        try {
            plain = AesGcm.decrypt(key.cipherKey(), header.nonce(), chunk, ChunkFormat.HEADER_BYTES, chunk,
                    ChunkFormat.HEADER_BYTES, chunk.length - ChunkFormat.HEADER_BYTES);
        } catch (AEADBadTagException e) {
            throw new IntegrityException(expectedBatch, expectedIndex, Reason.AUTH_FAILED, null);
        }
        ByteBuffer inner = ByteBuffer.wrap(plain);
        int codecId = inner.get() & 0xff;
        long rawLength = Integer.toUnsignedLong(inner.getInt());
        Codec codec = Codec.fromId(codecId);
        if (codec == null) {
            throw new IntegrityException(expectedBatch, expectedIndex, Reason.BAD_PAYLOAD, "unknown codec " + codecId);
        }
        if (rawLength > ChunkFormat.MAX_SEGMENT_BYTES) {
            throw new IntegrityException(expectedBatch, expectedIndex, Reason.TOO_LARGE,
                    "declares a segment of " + rawLength + " bytes");
        }
        if (codec == Codec.NONE && rawLength != plain.length - ChunkFormat.INNER_HEADER_BYTES) {
            throw new IntegrityException(expectedBatch, expectedIndex, Reason.BAD_PAYLOAD,
                    "stored segment length differs from its declared length");
        }
        return new OpenedChunk(header, codec, rawLength, plain);
    }
}
