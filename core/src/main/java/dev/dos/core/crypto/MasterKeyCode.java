package dev.dos.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;

/**
 * The master key as a code a person can write down and type back (docs/FORMAT.md section 15):
 * {@code DOS1-XXXX-...}, 14 groups of 4 Crockford Base32 characters holding the 32 key bytes and a
 * 3-byte checksum, so that a mistyped or swapped character is caught instead of yielding another key.
 * Anyone holding the code can read every batch: it needs no passphrase.
 */
public final class MasterKeyCode {
    public static final String PREFIX = "DOS1";
    static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    static final int CHECK_BYTES = 3;
    static final int CHARACTERS = (MasterKey.BYTES + CHECK_BYTES) * 8 / 5;
    private static final int GROUP = 4;
    private static final byte[] CHECK_LABEL = "dos/v1/master-key-code".getBytes(StandardCharsets.US_ASCII);

    private MasterKeyCode() {
    }

    /** {@code DOS1-XXXX-XXXX-...}: 14 groups after the prefix. */
    public static String encode(MasterKey key) {
        byte[] raw = key.bytes();
        byte[] payload = Arrays.copyOf(raw, MasterKey.BYTES + CHECK_BYTES);
        try {
            System.arraycopy(check(raw), 0, payload, MasterKey.BYTES, CHECK_BYTES);
            StringBuilder code = new StringBuilder(PREFIX);
            String base32 = base32(payload);
            for (int i = 0; i < base32.length(); i += GROUP) {
                code.append('-').append(base32, i, i + GROUP);
            }
            return code.toString();
        } finally {
            Arrays.fill(raw, (byte) 0);
            Arrays.fill(payload, (byte) 0);
        }
    }

    /**
     * The key a code holds. Case, spaces, line breaks and dashes do not matter; {@code O} reads as
     * {@code 0} and {@code I}, {@code L} as {@code 1}.
     *
     * @throws InvalidCodeException naming what is wrong: not a code, a character outside the
     *                              alphabet (by group and position), the length, or the checksum
     */
    public static MasterKey decode(String text) throws InvalidCodeException {
        String compact = text.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
        if (!looksLikeCode(compact)) {
            throw new InvalidCodeException("not a dos master-key code: it starts with " + PREFIX + "-");
        }
        String body = compact.substring(PREFIX.length());
        StringBuilder normalized = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = switch (body.charAt(i)) {
                case 'O' -> '0';
                case 'I', 'L' -> '1';
                default -> body.charAt(i);
            };
            if (ALPHABET.indexOf(c) < 0) {
                throw new InvalidCodeException("the master-key code has a character that cannot be in it ('"
                        + body.charAt(i) + "', group " + (i / GROUP + 1) + ", position " + (i % GROUP + 1) + ")");
            }
            normalized.append(c);
        }
        if (normalized.length() != CHARACTERS) {
            throw new InvalidCodeException("the master-key code has " + normalized.length() + " characters after "
                    + PREFIX + ", not " + CHARACTERS + " (" + CHARACTERS / GROUP + " groups of " + GROUP
                    + "): a group is missing or doubled");
        }
        byte[] payload = unbase32(normalized);
        byte[] raw = Arrays.copyOf(payload, MasterKey.BYTES);
        try {
            byte[] expected = check(raw);
            if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(payload, MasterKey.BYTES, payload.length))) {
                throw new InvalidCodeException("the master-key code's checksum does not match: a character is"
                        + " mistyped or two are swapped; compare each group with the recovery kit");
            }
            return MasterKey.fromBytes(raw);
        } finally {
            Arrays.fill(raw, (byte) 0);
            Arrays.fill(payload, (byte) 0);
        }
    }

    /** Whether {@code text} starts as a code does: {@code DOS1}, in any case, the 1 perhaps typed as I or L. */
    public static boolean looksLikeCode(String text) {
        String start = text.strip();
        return start.length() > PREFIX.length() && start.regionMatches(true, 0, PREFIX, 0, PREFIX.length() - 1)
                && "1IiLl".indexOf(start.charAt(PREFIX.length() - 1)) >= 0;
    }

    private static byte[] check(byte[] raw) {
        byte[] input = Arrays.copyOf(CHECK_LABEL, CHECK_LABEL.length + raw.length);
        System.arraycopy(raw, 0, input, CHECK_LABEL.length, raw.length);
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(input), CHECK_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        } finally {
            Arrays.fill(input, (byte) 0);
        }
    }

    /** Most significant bits first; {@code bytes.length * 8} is a multiple of 5 here. */
    private static String base32(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length * 8 / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = buffer << 8 | b & 0xff;
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET.charAt(buffer >>> bits - 5 & 31));
                bits -= 5;
            }
        }
        return out.toString();
    }

    private static byte[] unbase32(CharSequence chars) {
        byte[] out = new byte[chars.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int n = 0;
        for (int i = 0; i < chars.length(); i++) {
            buffer = buffer << 5 | ALPHABET.indexOf(chars.charAt(i));
            bits += 5;
            if (bits >= 8) {
                out[n++] = (byte) (buffer >>> bits - 8);
                bits -= 8;
            }
        }
        return out;
    }

    /** A code that cannot be read; the message says why, and never holds the code. */
    public static final class InvalidCodeException extends Exception {
        public InvalidCodeException(String message) {
            super(message, null, false, false);
        }
    }
}
