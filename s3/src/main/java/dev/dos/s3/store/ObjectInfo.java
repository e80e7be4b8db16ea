package dev.dos.s3.store;

import java.time.Instant;
import java.util.Objects;

/**
 * An object as stored.
 *
 * @param etag         the hex MD5 of a single put, or {@code md5(part md5s)-N} for a multipart
 *                     upload, without quotes
 * @param lastModified when it was stored (or its metadata last replaced)
 * @param version      an opaque token that changes whenever the key is written, so a reader can
 *                     tell the object it opened from a newer one
 */
public record ObjectInfo(String bucket, String key, long size, String etag, Instant lastModified, ObjectMeta meta,
                         String version) {
    public ObjectInfo {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(lastModified, "lastModified");
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(version, "version");
        if (size < 0) {
            throw new IllegalArgumentException("negative size");
        }
    }
}
