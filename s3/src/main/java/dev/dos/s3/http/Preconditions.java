package dev.dos.s3.http;

import dev.dos.s3.store.Etags;
import dev.dos.s3.store.ObjectInfo;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Conditional requests as S3 evaluates them. On GET and HEAD: If-Match (412 when false; when true
 * it overrides a false If-Unmodified-Since), else If-Unmodified-Since (412); then If-None-Match
 * (304 when it matches; present, it overrides If-Modified-Since), else If-Modified-Since (304).
 * The same on a copy's source, with {@code x-amz-copy-source-if-*}, where every failure is 412.
 * Unparseable dates, and an If-Modified-Since in the future, are ignored.
 */
final class Preconditions {
    private Preconditions() {
    }

    /** For GetObject and HeadObject. */
    static void check(S3Exchange x, ObjectInfo info) throws S3RequestException {
        evaluate(x, info, "", true);
    }

    /** For CopyObject and UploadPartCopy: the source's conditions. */
    static void checkCopySource(S3Exchange x, ObjectInfo source) throws S3RequestException {
        evaluate(x, source, "x-amz-copy-source-", false);
    }

    private static void evaluate(S3Exchange x, ObjectInfo info, String prefix, boolean notModifiedIs304)
            throws S3RequestException {
        String ifMatch = x.header(prefix + "If-Match");
        String ifNoneMatch = x.header(prefix + "If-None-Match");
        Instant ifUnmodifiedSince = HttpDates.parseHttp(x.header(prefix + "If-Unmodified-Since"));
        Instant ifModifiedSince = HttpDates.parseHttp(x.header(prefix + "If-Modified-Since"));
        if (ifModifiedSince != null && ifModifiedSince.isAfter(x.clock.instant())) {
            ifModifiedSince = null; // a date in the future is invalid, and ignored (RFC 9110, 13.1.3)
        }
        Instant modified = info.lastModified().truncatedTo(ChronoUnit.SECONDS);

        if (ifMatch != null) {
            if (!matches(ifMatch, info.etag())) {
                throw failed(prefix + "If-Match");
            }
        } else if (ifUnmodifiedSince != null && modified.isAfter(ifUnmodifiedSince)) {
            throw failed(prefix + "If-Unmodified-Since");
        }
        boolean notModified = ifNoneMatch != null ? matches(ifNoneMatch, info.etag())
                : ifModifiedSince != null && !modified.isAfter(ifModifiedSince);
        if (notModified) {
            if (!notModifiedIs304) {
                throw failed(prefix + (ifNoneMatch != null ? "If-None-Match" : "If-Modified-Since"));
            }
            throw new S3RequestException(ErrorCode.NOT_MODIFIED).header("ETag", S3Xml.quoted(info.etag()))
                    .header("Last-Modified", HttpDates.http(info.lastModified()));
        }
    }

    /** Whether a list of entity tags ({@code "a", W/"b"} or {@code *}) names {@code etag}. */
    static boolean matches(String header, String etag) {
        for (String tag : header.split(",")) {
            String t = tag.strip();
            if (t.equals("*") || Etags.unquoted(t).equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static S3RequestException failed(String condition) {
        return new S3RequestException(ErrorCode.PRECONDITION_FAILED).detail("Condition", condition);
    }
}
