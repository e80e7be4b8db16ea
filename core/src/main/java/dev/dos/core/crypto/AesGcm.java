package dev.dos.core.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM with a 96-bit nonce and a 128-bit tag, the one AEAD of the format. A fresh
 * {@link Cipher} per call: the JDK refuses to reuse a (key, nonce) pair on one instance, and
 * sharing instances across threads would be unsafe anyway.
 *
 * <p>Speed (docs/PERFORMANCE.md, "Where the throughput goes"): the JDK's GCM uses its AES and
 * GHASH intrinsics only once its own Java code is JIT-compiled, which takes many calls; one call
 * per ~10 MB chunk runs as plain Java for the first hundred chunks or so (about 70 MB/s
 * encrypting, 37 MB/s decrypting on the bench machine). Encryption feeds the cipher in
 * {@link #SLICE_BYTES} slices (same bytes out, many calls: about 4x faster from the start).
 * Decryption, which the JDK buffers whole until {@code doFinal} whatever the slicing, relies on
 * the launchers' JVM options (packaging/jvm.options), which have the JIT compile the JDK's GCM
 * and SHA-256 methods after a hundredth of the usual calls. (A background warm-up did the same
 * until issue 16, at the cost of a second of CPU per process, and lost the race when decryption
 * moved to several threads.)
 */
public final class AesGcm {
    public static final int KEY_BYTES = 32;
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BYTES = 16;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    /** Encryption input per {@code update} call. */
    static final int SLICE_BYTES = 64 * 1024;

    private AesGcm() {
    }

    /**
     * Encrypts {@code plain[plainOff, plainOff+plainLen)} into {@code out} at {@code outOff}, which
     * must have room for {@code plainLen + TAG_BYTES} bytes and must not overlap the input.
     * Returns the bytes written.
     */
    public static int encrypt(SecretKey key, byte[] nonce, byte[] aad, int aadLen,
                              byte[] plain, int plainOff, int plainLen, byte[] out, int outOff) {
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, nonce);
            cipher.updateAAD(aad, 0, aadLen);
            int written = 0;
            for (int done = 0; done < plainLen; done += SLICE_BYTES) {
                written += cipher.update(plain, plainOff + done, Math.min(SLICE_BYTES, plainLen - done), out,
                        outOff + written);
            }
            return written + cipher.doFinal(out, outOff + written);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** Encrypts a whole array; returns ciphertext followed by the tag. */
    public static byte[] encrypt(SecretKey key, byte[] nonce, byte[] aad, byte[] plain) {
        byte[] out = new byte[plain.length + TAG_BYTES];
        encrypt(key, nonce, aad, aad.length, plain, 0, plain.length, out, 0);
        return out;
    }

    /**
     * Decrypts and authenticates {@code in[inOff, inOff+inLen)} (ciphertext then tag). Returns the
     * plaintext, or throws {@link AEADBadTagException} when the tag does not match: then nothing
     * about the plaintext is released.
     */
    public static byte[] decrypt(SecretKey key, byte[] nonce, byte[] aad, int aadLen,
                                 byte[] in, int inOff, int inLen) throws AEADBadTagException {
        if (inLen < TAG_BYTES) {
            throw new AEADBadTagException("ciphertext shorter than the tag");
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, nonce);
            cipher.updateAAD(aad, 0, aadLen);
            return cipher.doFinal(in, inOff, inLen);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    public static byte[] decrypt(SecretKey key, byte[] nonce, byte[] aad, byte[] in) throws AEADBadTagException {
        return decrypt(key, nonce, aad, aad.length, in, 0, in.length);
    }

    private static Cipher cipher(int mode, SecretKey key, byte[] nonce) throws GeneralSecurityException {
        if (nonce.length != NONCE_BYTES) {
            throw new IllegalArgumentException("GCM nonce must be " + NONCE_BYTES + " bytes");
        }
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(mode, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
        return cipher;
    }
}
