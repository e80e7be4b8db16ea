package dev.dos.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Fernet (the spec at github.com/fernet/spec), as Python's {@code cryptography.fernet.Fernet}
 * implements it, for the original design's baseline: AES-128-CBC with PKCS7 padding, then
 * HMAC-SHA256 over {@code 0x80 || timestamp || IV || ciphertext}, the whole token base64url
 * encoded. Encryption makes the same whole-message copies Python's does (padded plaintext,
 * ciphertext, header + ciphertext, + HMAC, base64), because those copies are the design's memory
 * cost that the benchmark measures.
 */
final class Fernet {
    private static final byte VERSION = (byte) 0x80;
    private static final int HEADER = 1 + 8 + 16;
    private static final int HMAC_BYTES = 32;

    private final byte[] signingKey;
    private final byte[] encryptionKey;

    /** {@code key}: 32 bytes, the signing key then the encryption key (Fernet's key layout). */
    Fernet(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("a Fernet key has 32 bytes");
        }
        this.signingKey = Arrays.copyOfRange(key, 0, 16);
        this.encryptionKey = Arrays.copyOfRange(key, 16, 32);
    }

    static Fernet fromBase64(String key) {
        return new Fernet(Base64.getUrlDecoder().decode(key));
    }

    /** The base64url token (ASCII bytes) of {@code data}. */
    byte[] encrypt(byte[] data, long timestampSeconds, byte[] iv) throws GeneralSecurityException {
        byte[] padded = pkcs7(data);
        Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(encryptionKey, "AES"), new IvParameterSpec(iv));
        byte[] ciphertext = aes.doFinal(padded);
        byte[] basic = ByteBuffer.allocate(HEADER + ciphertext.length).put(VERSION).putLong(timestampSeconds).put(iv)
                .put(ciphertext).array();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
        byte[] hmac = mac.doFinal(basic);
        byte[] token = Arrays.copyOf(basic, basic.length + HMAC_BYTES);
        System.arraycopy(hmac, 0, token, basic.length, HMAC_BYTES);
        return Base64.getUrlEncoder().encode(token);
    }

    /** The plaintext of a token; throws when it is malformed or its HMAC does not match. */
    byte[] decrypt(byte[] token) throws GeneralSecurityException {
        byte[] raw = Base64.getUrlDecoder().decode(token);
        if (raw.length < HEADER + 16 + HMAC_BYTES || raw[0] != VERSION || (raw.length - HEADER - HMAC_BYTES) % 16 != 0) {
            throw new GeneralSecurityException("not a Fernet token");
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
        mac.update(raw, 0, raw.length - HMAC_BYTES);
        if (!MessageDigest.isEqual(mac.doFinal(), Arrays.copyOfRange(raw, raw.length - HMAC_BYTES, raw.length))) {
            throw new GeneralSecurityException("Fernet HMAC mismatch");
        }
        Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding"); // PKCS5 is PKCS7 for 16-byte blocks
        aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(encryptionKey, "AES"),
                new IvParameterSpec(raw, 9, 16));
        return aes.doFinal(raw, HEADER, raw.length - HEADER - HMAC_BYTES);
    }

    private static byte[] pkcs7(byte[] data) {
        int pad = 16 - data.length % 16;
        byte[] out = Arrays.copyOf(data, data.length + pad);
        Arrays.fill(out, data.length, out.length, (byte) pad);
        return out;
    }

    /** The Fernet spec's test vector (generate.json), a round trip and a tampered token; throws on any failure. */
    static void selfCheck() throws GeneralSecurityException {
        Fernet f = fromBase64("cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=");
        byte[] iv = new byte[16];
        for (int i = 0; i < 16; i++) {
            iv[i] = (byte) i;
        }
        long now = Instant.parse("1985-10-26T08:20:00Z").getEpochSecond();
        String expected = "gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==";
        byte[] token = f.encrypt("hello".getBytes(StandardCharsets.UTF_8), now, iv);
        if (!new String(token, StandardCharsets.US_ASCII).equals(expected)) {
            throw new IllegalStateException("Fernet does not reproduce the spec's test vector");
        }
        if (!"hello".equals(new String(f.decrypt(token), StandardCharsets.UTF_8))) {
            throw new IllegalStateException("Fernet round trip failed");
        }
        byte[] tampered = Base64.getUrlDecoder().decode(token);
        tampered[HEADER] ^= 1;
        try {
            f.decrypt(Base64.getUrlEncoder().encode(tampered));
            throw new IllegalStateException("Fernet accepted a tampered token");
        } catch (GeneralSecurityException expectedFailure) {
            // as it should
        }
    }
}
