package dev.dos.s3.http;

import dev.dos.s3.store.ObjectInfo;
import dev.dos.s3.store.ObjectMeta;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** An object's metadata read from a request's headers, and written back onto a response's. */
final class ObjectHeaders {
    /** The standard headers S3 stores with an object, by lower-case name, and how they are answered. */
    private static final Map<String, String> STORED = new LinkedHashMap<>();
    private static final String META_PREFIX = "x-amz-meta-";
    /** S3's limit on user metadata: names and values together. */
    private static final int MAX_USER_METADATA_BYTES = 2048;

    static {
        STORED.put("cache-control", "Cache-Control");
        STORED.put("content-disposition", "Content-Disposition");
        STORED.put("content-encoding", "Content-Encoding");
        STORED.put("content-language", "Content-Language");
        STORED.put("expires", "Expires");
    }

    private ObjectHeaders() {
    }

    /**
     * The metadata a PutObject, CreateMultipartUpload or copy with REPLACE sets. {@code aws-chunked}
     * is a transfer matter: it is taken out of Content-Encoding, which is dropped if nothing remains.
     */
    static ObjectMeta fromRequest(S3Exchange x) throws S3RequestException {
        Map<String, String> headers = new TreeMap<>();
        Map<String, String> user = new TreeMap<>();
        int userBytes = 0;
        for (String name : x.headerNames()) {
            String value = String.join(",", x.headers(name));
            if (STORED.containsKey(name)) {
                if (name.equals("content-encoding") && namesAwsChunked(value)) {
                    value = withoutAwsChunked(value);
                }
                if (value != null && !value.isEmpty()) {
                    headers.put(name, value);
                }
            } else if (name.startsWith(META_PREFIX) && name.length() > META_PREFIX.length()) {
                String key = name.substring(META_PREFIX.length());
                user.put(key, value);
                userBytes += key.getBytes(StandardCharsets.UTF_8).length + value.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        if (userBytes > MAX_USER_METADATA_BYTES) {
            throw new S3RequestException(ErrorCode.METADATA_TOO_LARGE, "Your metadata headers exceed the maximum"
                    + " allowed metadata size of " + MAX_USER_METADATA_BYTES + " bytes.");
        }
        return new ObjectMeta(x.header("Content-Type"), headers, user);
    }

    static boolean namesAwsChunked(String contentEncoding) {
        for (String coding : contentEncoding.split(",")) {
            if (coding.strip().equalsIgnoreCase("aws-chunked")) {
                return true;
            }
        }
        return false;
    }

    static String withoutAwsChunked(String contentEncoding) {
        List<String> kept = new ArrayList<>();
        for (String coding : contentEncoding.split(",")) {
            String c = coding.strip();
            if (!c.isEmpty() && !c.equalsIgnoreCase("aws-chunked")) {
                kept.add(c);
            }
        }
        return String.join(",", kept);
    }

    /** ETag and Last-Modified: what a 304 and every object answer carry. */
    static void validators(S3Exchange x, ObjectInfo info) {
        x.setHeader("ETag", S3Xml.quoted(info.etag()));
        x.setHeader("Last-Modified", HttpDates.http(info.lastModified()));
    }

    /**
     * The headers of a GetObject or HeadObject answer, with a GET's {@code response-*} overrides
     * (as presigned download links use them).
     */
    static void write(S3Exchange x, ObjectInfo info) {
        validators(x, info);
        x.setHeader("Accept-Ranges", "bytes");
        ObjectMeta meta = info.meta();
        x.setContentType(override(x, "response-content-type", meta.effectiveContentType()));
        STORED.forEach((lower, name) -> {
            String value = override(x, "response-" + lower, meta.headers().get(lower));
            if (value != null) {
                x.setHeader(name, value);
            }
        });
        meta.user().forEach((name, value) -> x.setHeader(META_PREFIX + name.toLowerCase(Locale.ROOT), value));
    }

    private static String override(S3Exchange x, String param, String value) {
        String given = x.query.get(param);
        return given != null ? given : value;
    }
}
