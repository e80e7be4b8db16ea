package dev.dos.core.ops;

import dev.dos.core.meta.BatchState;
import java.util.List;
import java.util.Objects;

/**
 * One place where what the remote stores about a batch does not add up. A sync reports every one
 * and records the batch accordingly; it never drops a batch without saying so.
 *
 * @param batchId    the batch (32 hex digits)
 * @param kind       what is wrong
 * @param recordedAs the state the batch now has in the local index; null when it was not recorded
 *                   (another key's batch, or a container whose chunks do not open with our key)
 * @param chunks     the chunk indexes concerned (missing chunks); empty when the issue is not about chunks
 * @param detail     one line for people
 */
public record SyncIssue(String batchId, Kind kind, BatchState recordedAs, List<Integer> chunks, String detail) {

    /** The ways a card and its container can disagree. */
    public enum Kind {
        /** The card names a container that no longer exists: every chunk is gone. Recorded DAMAGED. */
        CARD_WITHOUT_THREAD,
        /** A container has no card: an upload that stopped before its card was posted. Recorded INCOMPLETE. */
        THREAD_WITHOUT_CARD,
        /** The container lacks some chunks the manifest lists (or holds them at another size). Recorded DAMAGED. */
        MISSING_CHUNKS,
        /** The card or its manifest was made with another key. Not recorded. */
        WRONG_KEY,
        /** The card's manifest is missing, damaged or not a dos manifest. Recorded DAMAGED. */
        UNREADABLE_MANIFEST,
        /**
         * Someone other than our bot posted a card for the batch, or posts into its containers (a
         * server member, a webhook): ignored, never trusted. The batch keeps the state its own posts give.
         */
        FOREIGN_POSTS
    }

    public SyncIssue {
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(kind, "kind");
        chunks = List.copyOf(chunks);
        Objects.requireNonNull(detail, "detail");
    }

    SyncIssue(String batchId, Kind kind, BatchState recordedAs, String detail) {
        this(batchId, kind, recordedAs, List.of(), detail);
    }
}
