package dev.dos.s3.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** The three date forms S3 speaks: HTTP dates, SigV4's basic ISO form, and XML timestamps. */
final class HttpDates {
    /** RFC 1123 with a two-digit day, as HTTP wants it (the JDK's RFC_1123 prints one digit). */
    private static final DateTimeFormatter HTTP = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter AMZ = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.US)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter XML = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'",
            Locale.US).withZone(ZoneOffset.UTC);

    private HttpDates() {
    }

    static String http(Instant t) {
        return HTTP.format(t);
    }

    static String amz(Instant t) {
        return AMZ.format(t);
    }

    static String xml(Instant t) {
        return XML.format(t.truncatedTo(ChronoUnit.MILLIS));
    }

    /** An {@code x-amz-date} / {@code X-Amz-Date} value ({@code 20240101T000000Z}), or null if malformed. */
    static Instant parseAmz(String s) {
        try {
            return s == null ? null : Instant.from(AMZ.parse(s));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** An HTTP date (RFC 1123, also with a one-digit day), or null if absent or malformed: S3 then ignores it. */
    static Instant parseHttp(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(s.strip()));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
