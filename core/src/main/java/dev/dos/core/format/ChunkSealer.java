package dev.dos.core.format;

import dev.dos.core.crypto.Sha256;
import dev.dos.core.compress.Codec;
import dev.dos.core.crypto.AesGcm;
import dev.dos.core.crypto.StreamKey;
import java.nio.ByteBuffer;

/** Turns one encoded segment into a chunk: inner header, synthetic nonce, AES-256-GCM, clear header. */
final class ChunkSealer {
    private ChunkSealer() {
    }

    /**
     * Seals {@code plain[0, INNER_HEADER_BYTES + payloadLength)}. The caller leaves the first
     * {@link ChunkFormat#INNER_HEADER_BYTES} bytes free; they are filled here.
     */
    static EncodedChunk seal(StreamKey key, int index, boolean last, byte[] plain, int payloadLength, Codec codec,
                             long rawLength) {
        if (rawLength > ChunkFormat.MAX_SEGMENT_BYTES) {
            throw new IllegalArgumentException("segment of " + rawLength + " bytes exceeds the format limit");
        }
        ByteBuffer.wrap(plain, 0, ChunkFormat.INNER_HEADER_BYTES).put((byte) codec.id()).putInt((int) rawLength);
        int plainLength = ChunkFormat.INNER_HEADER_BYTES + payloadLength;

        byte[] out = new byte[ChunkFormat.HEADER_BYTES + plainLength + AesGcm.TAG_BYTES];
        byte[] batchId = key.streamId();
        ChunkHeader.writePrefix(out, last, index, batchId);
        byte[] nonce = key.nonceFor(out, ChunkFormat.NONCE_PREFIX_BYTES, plain, 0, plainLength);
        System.arraycopy(nonce, 0, out, ChunkFormat.NONCE_PREFIX_BYTES, nonce.length);
        AesGcm.encrypt(key.cipherKey(), nonce, out, ChunkFormat.HEADER_BYTES, plain, 0, plainLength, out,
                ChunkFormat.HEADER_BYTES);
        return new EncodedChunk(BatchId.fromBytes(batchId), index, last, out, codec, rawLength, Sha256.hex(out));
    }
}
