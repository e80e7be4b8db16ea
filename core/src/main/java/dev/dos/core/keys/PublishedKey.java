package dev.dos.core.keys;

import dev.dos.core.crypto.KeyFile;
import java.util.Objects;

/**
 * One published copy of a key found in the backup area: made by our own bot, well formed, its blob
 * a key file of the fingerprint its card names.
 *
 * @param containerId the backup area's id
 * @param postId      the post holding it
 * @param card        what its text says
 * @param wrapped     the key file its blob holds (published parameters)
 * @param pinned      whether the post is pinned
 */
public record PublishedKey(String containerId, String postId, KeyCard card, KeyFile wrapped, boolean pinned) {
    public PublishedKey {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(postId, "postId");
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(wrapped, "wrapped");
    }

    /** "3f2a... (published 2025-01-31T12:00:00Z)". */
    public String describe() {
        return card.key().hex() + " (published " + card.createdAt() + ")";
    }
}
