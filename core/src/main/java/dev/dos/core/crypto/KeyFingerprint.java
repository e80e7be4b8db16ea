package dev.dos.core.crypto;

import java.util.HexFormat;
import java.util.Objects;

/**
 * Non-secret identifier of a master key: 16 bytes of HKDF output, shown as 32 lowercase hex
 * digits. Lets a batch card or manifest name the key that made it, so a wrong key is reported
 * before anything is decrypted.
 */
public record KeyFingerprint(String hex) {
    public static final int BYTES = 16;

    public KeyFingerprint {
        Objects.requireNonNull(hex, "hex");
        if (hex.length() != BYTES * 2 || !hex.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
            throw new IllegalArgumentException("key fingerprint must be " + BYTES * 2 + " lowercase hex digits: " + hex);
        }
    }

    public static KeyFingerprint of(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("key fingerprint must be " + BYTES + " bytes");
        }
        return new KeyFingerprint(HexFormat.of().formatHex(bytes));
    }

    public byte[] bytes() {
        return HexFormat.of().parseHex(hex);
    }

    @Override
    public String toString() {
        return hex;
    }
}
