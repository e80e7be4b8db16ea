package dev.dos.core.remote;

import java.util.Objects;

/**
 * One blob to post: a clear file name (carry no secrets in it) and its bytes. Blobs are at most
 * {@link RemoteLimits#maxBlobBytes()} bytes, so they are held in memory whole.
 */
public record BlobUpload(String name, byte[] bytes) {
    public BlobUpload {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bytes, "bytes");
    }

    public long size() {
        return bytes.length;
    }
}
