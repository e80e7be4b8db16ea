package dev.dos.s3.store;

import java.time.Instant;

/** An unfinished multipart upload. */
public record Upload(String id, String bucket, String key, Instant initiated, ObjectMeta meta) {
}
