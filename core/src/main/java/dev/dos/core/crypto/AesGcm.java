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
 */
public final class AesGcm {
    public static final int KEY_BYTES = 32;
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BYTES = 16;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private AesGcm() {
    }

    /**
     * Encrypts {@code plain[plainOff, plainOff+plainLen)} into {@code out} at {@code outOff}, which
     * must have room for {@code plainLen + TAG_BYTES} bytes. Returns the bytes written.
     */
    public static int encrypt(SecretKey key, byte[] nonce, byte[] aad, int aadLen,
                              byte[] plain, int plainOff, int plainLen, byte[] out, int outOff) {
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, nonce);
            cipher.updateAAD(aad, 0, aadLen);
            return cipher.doFinal(plain, plainOff, plainLen, out, outOff);
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
