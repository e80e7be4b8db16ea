package dev.dos.core.remote;

import java.util.Objects;

/** Stable address of one stored blob: container, post and blob ids (Discord: channel/thread, message, attachment). */
public record BlobRef(String containerId, String postId, String blobId) {
    public BlobRef {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(postId, "postId");
        Objects.requireNonNull(blobId, "blobId");
    }
}
