package dev.dos.core.format;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * A batch's identity: 16 random bytes, shown as 32 lowercase hex digits. Not secret: it is in
 * every chunk header and salts the batch's key derivation. Database backups use ids of the same
 * shape.
 */
public record BatchId(String hex) implements Comparable<BatchId> {
    public static final int BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    public BatchId {
        Objects.requireNonNull(hex, "hex");
        if (hex.length() != BYTES * 2 || !isLowerHex(hex)) {
            throw new IllegalArgumentException("batch id must be " + BYTES * 2 + " lowercase hex digits: " + hex);
        }
    }

    public static BatchId random() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return fromBytes(bytes);
    }

    public static BatchId fromBytes(byte[] bytes) {
        return fromBytes(bytes, 0);
    }

    /** The id stored at {@code bytes[offset, offset+16)}. */
    public static BatchId fromBytes(byte[] bytes, int offset) {
        if (offset < 0 || bytes.length - offset < BYTES) {
            throw new IllegalArgumentException("a batch id is " + BYTES + " bytes");
        }
        return new BatchId(HexFormat.of().formatHex(bytes, offset, offset + BYTES));
    }

    /** Parses 32 hex digits, either case. */
    public static BatchId parse(String text) {
        return new BatchId(text.strip().toLowerCase(Locale.ROOT));
    }

    public byte[] bytes() {
        return HexFormat.of().parseHex(hex);
    }

    /** Whether this id starts with {@code prefix} (hex, either case), as typed on the command line. */
    public boolean hasPrefix(String prefix) {
        return !prefix.isEmpty() && hex.startsWith(prefix.toLowerCase(Locale.ROOT));
    }

    @Override
    public int compareTo(BatchId other) {
        return hex.compareTo(other.hex);
    }

    @Override
    public String toString() {
        return hex;
    }

    private static boolean isLowerHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
