package dev.dos.s3.http;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GET's single byte range, as S3 reads {@code Range}: {@code bytes=a-b}, {@code bytes=a-},
 * {@code bytes=-n}. A header S3 would not honour (several ranges, bad syntax, {@code a > b}) is
 * ignored and the whole object served; a range that starts past the end, a zero-length suffix, or
 * any range on an empty object is {@code InvalidRange} (416, {@code Content-Range: bytes *}{@code /size}).
 */
record ByteRange(long first, long last) {
    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    long length() {
        return last - first + 1;
    }

    String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    static Optional<ByteRange> parse(String header, long size) throws S3RequestException {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = SINGLE.matcher(header.strip());
        if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
            return Optional.empty();
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0 || size == 0) {
                    throw unsatisfiable(header, size);
                }
                return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
            }
            long first = Long.parseLong(m.group(1));
            long last = m.group(2).isEmpty() ? Long.MAX_VALUE : Long.parseLong(m.group(2));
            if (last < first) {
                return Optional.empty();
            }
            if (first >= size) {
                throw unsatisfiable(header, size);
            }
            return Optional.of(new ByteRange(first, Math.min(last, size - 1)));
        } catch (NumberFormatException tooBig) {
            return Optional.empty();
        }
    }

    private static S3RequestException unsatisfiable(String header, long size) {
        return new S3RequestException(ErrorCode.INVALID_RANGE).header("Content-Range", "bytes */" + size)
                .detail("RangeRequested", header).detail("ActualObjectSize", Long.toString(size));
    }
}
