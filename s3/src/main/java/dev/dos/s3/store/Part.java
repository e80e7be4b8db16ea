package dev.dos.s3.store;

import java.time.Instant;

/** One stored part of a multipart upload; {@code etag} is its hex MD5, without quotes. */
public record Part(int number, long size, String etag, Instant lastModified) {
}
