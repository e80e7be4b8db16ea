package dev.dos.s3.store;

/** A part named in CompleteMultipartUpload: its number and the ETag the client was given (quotes allowed). */
public record CompletedPart(int number, String etag) {
}
