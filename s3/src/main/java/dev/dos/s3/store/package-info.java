/**
 * The object store behind the S3 gateway: buckets of objects with S3's meanings, independent of
 * HTTP (the protocol lives in {@code dev.dos.s3.http}) and of where the bytes go ({@code
 * dev.dos.s3.engine} keeps them on a dos remote; {@code memory} in memory, for tests). Every store
 * passes {@code ObjectStoreConformance} (this module's test-jar).
 */
package dev.dos.s3.store;
