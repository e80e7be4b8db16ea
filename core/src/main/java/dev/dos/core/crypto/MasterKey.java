package dev.dos.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A store's 256-bit master key. Every other key is derived from it with HKDF (docs/FORMAT.md
 * section 3); it is never used to encrypt directly. Kept on disk only inside a {@link KeyFile}.
 */
public final class MasterKey {
    public static final int BYTES = 32;
    private static final byte[] FINGERPRINT_INFO = "dos/v1/fingerprint".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;
    private final KeyFingerprint fingerprint;

    private MasterKey(byte[] key) {
        if (key.length != BYTES) {
            throw new IllegalArgumentException("a master key is " + BYTES + " bytes, not " + key.length);
        }
        this.key = key.clone();
        this.fingerprint = KeyFingerprint.of(Hkdf.derive(this.key, null, FINGERPRINT_INFO, KeyFingerprint.BYTES));
    }

    /** A new random key from the platform's CSPRNG. */
    public static MasterKey generate() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        try {
            return new MasterKey(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** A key from its 32 raw bytes (tests, and unwrapping a key file). The array is copied. */
    public static MasterKey fromBytes(byte[] bytes) {
        return new MasterKey(bytes);
    }

    public KeyFingerprint fingerprint() {
        return fingerprint;
    }

    /** The keys for one stream of the given purpose, identified by a 16-byte id. */
    public StreamKey streamKey(KeyPurpose purpose, byte[] streamId) {
        if (streamId.length != StreamKey.ID_BYTES) {
            throw new IllegalArgumentException("stream id must be " + StreamKey.ID_BYTES + " bytes");
        }
        byte[] cipherKey = Hkdf.derive(key, streamId, purpose.cipherInfo(), AesGcm.KEY_BYTES);
        byte[] nonceKey = Hkdf.derive(key, streamId, purpose.nonceInfo(), 32);
        try {
            return new StreamKey(purpose, streamId, cipherKey, nonceKey);
        } finally {
            Arrays.fill(cipherKey, (byte) 0);
            Arrays.fill(nonceKey, (byte) 0);
        }
    }

    /** The raw key, for wrapping into a key file only. */
    byte[] bytes() {
        return key.clone();
    }

    @Override
    public String toString() {
        return "MasterKey[fingerprint=" + fingerprint + "]";
    }
}
