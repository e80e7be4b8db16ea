package dev.dos.core.remote;

import java.time.Instant;
import java.util.List;

/** A stored post: its id, clear text, creation time and blobs in posting order. */
public record Post(String containerId, String id, String text, Instant createdAt, List<Blob> blobs) {
    public Post {
        blobs = List.copyOf(blobs);
    }
}
