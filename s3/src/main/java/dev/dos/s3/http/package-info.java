/**
 * Amazon S3's REST protocol over an {@link dev.dos.s3.store.ObjectStore}: one handler
 * ({@link dev.dos.s3.http.S3Handler}) parses the raw path, verifies Signature V4
 * ({@code SigV4Verifier}), routes ({@code Router}) to the handlers of each area, and answers S3's
 * XML errors. Bodies stream through {@code RequestBody}: aws-chunked decoding and every digest
 * checked on the way, so a body that fails its checks fails the store's read and stores nothing.
 * docs/S3.md says what is implemented and what is refused.
 */
package dev.dos.s3.http;
