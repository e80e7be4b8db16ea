/**
 * The S3-compatible gateway: {@link dev.dos.s3.S3Server} serves Amazon S3's REST protocol
 * (path-style, Signature V4) over any {@link dev.dos.s3.store.ObjectStore}, for aws-cli, rclone,
 * restic and the AWS SDKs. The protocol itself lives in {@code dev.dos.s3.http}; docs/S3.md says
 * what is implemented.
 */
package dev.dos.s3;
