package dev.dos.core.format;

import dev.dos.core.crypto.AesGcm;
import dev.dos.core.crypto.KeyPurpose;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.crypto.StreamKey;
import java.nio.ByteBuffer;

/**
 * Chunks and manifest envelopes sealed with a valid key around any inner header and payload: what
 * an attacker holding a copy of the key file can post (a declared length that lies, a codec frame
 * that expands far past it, a manifest of any size).
 */
public final class Forge {
    private Forge() {
    }

    /** Chunk {@code index} of batch {@code id}, authentic, with this codec id, declared raw length and payload. */
    public static byte[] chunk(MasterKey key, BatchId id, int index, boolean last, int codecId, long rawLength,
                               byte[] payload) {
        StreamKey stream = key.streamKey(KeyPurpose.BATCH, id.bytes());
        byte[] plain = new byte[ChunkFormat.INNER_HEADER_BYTES + payload.length];
        ByteBuffer.wrap(plain).put((byte) codecId).putInt((int) rawLength).put(payload);
        byte[] out = new byte[ChunkFormat.HEADER_BYTES + plain.length + AesGcm.TAG_BYTES];
        ChunkHeader.writePrefix(out, last, index, id.bytes());
        byte[] nonce = stream.nonceFor(out, ChunkFormat.NONCE_PREFIX_BYTES, plain, 0, plain.length);
        System.arraycopy(nonce, 0, out, ChunkFormat.NONCE_PREFIX_BYTES, nonce.length);
        AesGcm.encrypt(stream.cipherKey(), nonce, out, ChunkFormat.HEADER_BYTES, plain, 0, plain.length, out,
                ChunkFormat.HEADER_BYTES);
        return out;
    }

    /** A manifest envelope of batch {@code id}, authentic, with this codec id, declared JSON length and payload. */
    public static byte[] manifest(MasterKey key, BatchId id, int codecId, long declaredLength, byte[] payload) {
        StreamKey stream = key.streamKey(KeyPurpose.MANIFEST, id.bytes());
        byte[] plain = new byte[1 + 8 + payload.length];
        ByteBuffer.wrap(plain).put((byte) codecId).putLong(declaredLength).put(payload);
        int prefix = ManifestCodec.HEADER_BYTES - AesGcm.NONCE_BYTES;
        byte[] out = new byte[ManifestCodec.HEADER_BYTES + plain.length + AesGcm.TAG_BYTES];
        ByteBuffer.wrap(out, 0, prefix).put(ManifestCodec.MAGIC).put((byte) ManifestCodec.VERSION).put((byte) 0)
                .put(id.bytes()).put(key.fingerprint().bytes());
        byte[] nonce = stream.nonceFor(out, prefix, plain, 0, plain.length);
        System.arraycopy(nonce, 0, out, prefix, nonce.length);
        AesGcm.encrypt(stream.cipherKey(), nonce, out, ManifestCodec.HEADER_BYTES, plain, 0, plain.length, out,
                ManifestCodec.HEADER_BYTES);
        return out;
    }
}
