package dev.dos.s3.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Percent-encoding as SigV4 and S3 define it: only {@code A-Z a-z 0-9 - _ . ~} stay as they are. */
final class UriEncoding {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UriEncoding() {
    }

    /** Encodes every UTF-8 byte but the unreserved ones (and {@code /} when {@code keepSlash}). */
    static String encode(String s, boolean keepSlash) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.' || c == '~' || c == '/' && keepSlash) {
                out.append(c);
            } else {
                out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
            }
        }
        return out.toString();
    }

    /** A path (or header) value: {@code %XX} escapes of UTF-8; {@code +} is a literal plus. */
    static String decodePath(String raw) throws S3RequestException {
        return decode(raw, false);
    }

    /** A query-string value: as a path, but {@code +} stands for a space (form encoding, as S3 reads it). */
    static String decodeQuery(String raw) throws S3RequestException {
        return decode(raw, true);
    }

    private static String decode(String raw, boolean plusIsSpace) throws S3RequestException {
        if (raw.indexOf('%') < 0 && (!plusIsSpace || raw.indexOf('+') < 0)) {
            return raw;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '%') {
                int hi = i + 2 < bytes.length ? Character.digit(bytes[i + 1], 16) : -1;
                int lo = hi >= 0 ? Character.digit(bytes[i + 2], 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw new S3RequestException(ErrorCode.INVALID_URI, "Couldn't parse the specified URI: a bad"
                            + " percent escape");
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else if (b == '+' && plusIsSpace) {
                out.write(' ');
            } else {
                out.write(b);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(out.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new S3RequestException(ErrorCode.INVALID_URI, "Couldn't parse the specified URI: not UTF-8");
        }
    }
}
