package dev.dos.core.crypto;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys of one encrypted stream (a batch's chunks, a batch's manifest, a backup): an AES-256
 * key and an HMAC key that derives synthetic nonces, both from the master key, the purpose and the
 * stream's 16-byte id. Obtain one from {@link MasterKey#streamKey}.
 */
public final class StreamKey {
    public static final int ID_BYTES = 16;

    private final KeyPurpose purpose;
    private final byte[] streamId;
    private final SecretKey cipherKey;
    private final byte[] nonceKey;

    StreamKey(KeyPurpose purpose, byte[] streamId, byte[] cipherKey, byte[] nonceKey) {
        this.purpose = purpose;
        this.streamId = streamId.clone();
        this.cipherKey = new SecretKeySpec(cipherKey, "AES");
        this.nonceKey = nonceKey.clone();
    }

    public KeyPurpose purpose() {
        return purpose;
    }

    /** A copy of the stream id this key belongs to. */
    public byte[] streamId() {
        return streamId.clone();
    }


    public SecretKey cipherKey() {
        return cipherKey;
    }

    /**
     * The synthetic nonce for one message: the first 12 bytes of
     * HMAC-SHA256(nonce key, {@code prefix[0, prefixLen)} || plaintext). Distinct messages get
     * independent nonces; an identical message gets the identical nonce (docs/FORMAT.md section 5).
     */
    public byte[] nonceFor(byte[] prefix, int prefixLen, byte[] plain, int plainOff, int plainLen) {
        Mac mac = Hkdf.hmac(nonceKey);
        mac.update(prefix, 0, prefixLen);
        mac.update(plain, plainOff, plainLen);
        return Arrays.copyOf(mac.doFinal(), AesGcm.NONCE_BYTES);
    }

    /**
     * The same keys for the same stream: two derivations from one master key are equal (a
     * prefetcher recognises the key its reader opens chunks with). Keys are compared in constant
     * time; the hash covers only the purpose and the stream id.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof StreamKey other && purpose == other.purpose && Arrays.equals(streamId, other.streamId)
                && cipherKey.equals(other.cipherKey) && MessageDigest.isEqual(nonceKey, other.nonceKey);
    }

    @Override
    public int hashCode() {
        return 31 * purpose.hashCode() + Arrays.hashCode(streamId);
    }

    @Override
    public String toString() {
        return "StreamKey[" + purpose + " " + HexFormat.of().formatHex(streamId) + "]";
    }
}
