package dev.dos.core.remote;

import java.time.Instant;
import java.util.List;

/**
 * A stored post: its id, clear text, creation time and blobs in posting order.
 *
 * @param ours whether this remote's own identity made it (Discord: our bot, not a webhook). Anyone
 *             who may write where we write (a server member, a webhook) can post look-alike cards,
 *             chunks, backups or keys; readers trust only posts that are ours and report the rest.
 */
public record Post(String containerId, String id, String text, Instant createdAt, List<Blob> blobs, boolean ours) {
    public Post {
        blobs = List.copyOf(blobs);
    }
}
