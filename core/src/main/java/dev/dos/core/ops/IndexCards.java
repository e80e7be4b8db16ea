package dev.dos.core.ops;

import dev.dos.core.crypto.KeyFingerprint;
import dev.dos.core.format.BatchId;
import dev.dos.core.remote.Blob;
import dev.dos.core.remote.PostPages;
import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.StorageRemote;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads the batch cards of the index area, oldest first, a page at a time. Posts that are not dos
 * cards (people talk in channels too) are skipped but still move the cursor past them.
 */
final class IndexCards {
    private IndexCards() {
    }

    /**
     * One card as posted. The post's text is dropped once parsed: a store may hold many thousands
     * of cards, and only their fields and blobs are needed.
     *
     * @param postId   the card's post id in the index area
     * @param postedAt when the card was posted (the batch's completion)
     * @param card     the parsed card
     * @param blobs    the card's blobs (the manifest parts)
     */
    record CardPost(String postId, Instant postedAt, BatchCard card, List<Blob> blobs) {
        CardPost {
            blobs = List.copyOf(blobs);
        }
    }

    /**
     * The cards listed, and the newest post seen (card or not).
     *
     * @param cards      ours, in posting order
     * @param foreign    cards someone else posted (never trusted; reported)
     * @param lastPostId the newest post read; null if there was none after the starting point
     */
    record Listing(List<CardPost> cards, List<CardPost> foreign, String lastPostId) {
        Listing {
            cards = List.copyOf(cards);
            foreign = List.copyOf(foreign);
        }
    }

    /** Every card posted after {@code afterPostId} (null: from the start). */
    static Listing after(StorageRemote remote, String afterPostId) throws RemoteException {
        String index = remote.areaId(StorageRemote.Area.INDEX);
        List<CardPost> cards = new ArrayList<>();
        List<CardPost> foreign = new ArrayList<>();
        String last = PostPages.forEach(remote, index, afterPostId, post ->
                BatchCard.parse(post.text()).filter(IndexCards::wellFormed).ifPresent(card ->
                        (post.ours() ? cards : foreign).add(new CardPost(post.id(), post.createdAt(), card,
                                post.blobs()))));
        return new Listing(cards, foreign, Objects.equals(last, afterPostId) ? null : last);
    }

    /**
     * Whether a card's fields can describe a batch. Card text is clear and unauthenticated, so a
     * post that merely looks like a card (a person quoting one, an edit) must not stop a sync.
     */
    private static boolean wellFormed(BatchCard card) {
        try {
            BatchId.parse(card.batchId());
            new KeyFingerprint(card.keyFingerprint());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return card.chunkCount() >= 0 && card.formatVersion() >= 0;
    }
}
