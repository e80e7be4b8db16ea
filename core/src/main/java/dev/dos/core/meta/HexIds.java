package dev.dos.core.meta;

/** Checks for the lowercase hex strings the store keys on (batch ids, SHA-256 digests). */
final class HexIds {
    private HexIds() {
    }

    static String requireLowerHex(String value, int length, String what) {
        if (value == null || value.length() != length || !isLowerHex(value)) {
            throw new IllegalArgumentException(what + " must be " + length + " lowercase hex digits: " + value);
        }
        return value;
    }

    static boolean isLowerHex(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
