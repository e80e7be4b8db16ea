package dev.dos.s3.store;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a client says about an object besides its bytes: its Content-Type and the standard
 * headers S3 stores with it ({@code Content-Encoding}, {@code Content-Disposition},
 * {@code Content-Language}, {@code Cache-Control}, {@code Expires}; names in lower case), and its
 * user metadata ({@code x-amz-meta-*}, names in lower case without the prefix).
 */
public record ObjectMeta(String contentType, Map<String, String> headers, Map<String, String> user) {
    public static final String DEFAULT_CONTENT_TYPE = "binary/octet-stream";
    public static final ObjectMeta NONE = new ObjectMeta(null, Map.of(), Map.of());

    public ObjectMeta {
        headers = java.util.Collections.unmodifiableMap(new TreeMap<>(headers));
        user = java.util.Collections.unmodifiableMap(new TreeMap<>(user));
    }

    /** The Content-Type to answer with: the one given, or S3's default. */
    public String effectiveContentType() {
        return contentType == null || contentType.isBlank() ? DEFAULT_CONTENT_TYPE : contentType;
    }
}
