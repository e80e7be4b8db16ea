package dev.dos.s3.http;

/**
 * A path-style request path, {@code /bucket/key}, decoded once from the raw request URI: the key
 * is everything after the bucket's slash, so {@code /b/a//c/} is key {@code a//c/} and
 * {@code /b/a+b} is key {@code a+b}.
 *
 * @param bucket null for the service ({@code /})
 * @param key    null for the bucket itself ({@code /b} or {@code /b/})
 */
record RequestPath(String bucket, String key) {

    static RequestPath parse(String rawPath) throws S3RequestException {
        if (rawPath == null || rawPath.isEmpty() || rawPath.equals("/")) {
            return new RequestPath(null, null);
        }
        if (rawPath.charAt(0) != '/') {
            throw new S3RequestException(ErrorCode.INVALID_URI);
        }
        int slash = rawPath.indexOf('/', 1);
        String bucket = UriEncoding.decodePath(slash < 0 ? rawPath.substring(1) : rawPath.substring(1, slash));
        String key = slash < 0 ? "" : UriEncoding.decodePath(rawPath.substring(slash + 1));
        return new RequestPath(bucket.isEmpty() ? null : bucket, key.isEmpty() ? null : key);
    }

    /** {@code /bucket/key} as S3 names it in an error's {@code <Resource>}. */
    String resource() {
        return "/" + (bucket == null ? "" : bucket + (key == null ? "" : "/" + key));
    }
}
