package dev.dos.s3.http;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, which SigV4 hashes canonical requests, payloads and chunks with. */
final class Sha256 {
    static final String EMPTY_HEX = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private Sha256() {
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    static byte[] digest(byte[] data) {
        return digest().digest(data);
    }

    static String hex(byte[] data) {
        return HexFormat.of().formatHex(digest(data));
    }
}
