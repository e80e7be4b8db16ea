package dev.dos.core.ops;

import dev.dos.core.crypto.KeyFingerprint;
import dev.dos.core.format.BatchId;
import dev.dos.core.remote.Blob;
import dev.dos.core.remote.Post;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the posts of the index area say, a page at a time and in post order (docs/FORMAT.md section
 * 17.2): batch cards and deletion records. Posts that are neither (people talk in channels too) are
 * skipped but still move the cursor past them; cards and records someone other than our bot posted
 * are set apart, never trusted.
 */
final class IndexPosts {
    private IndexPosts() {
    }

    /** One post that changes what the index holds: a card or a deletion record. */
    sealed interface Item permits CardPost, Deletion {
        String postId();

        /** The batch the post is about (32 hex digits). */
        String batchId();
    }

    /**
     * One card as posted. The post's text is dropped once parsed: a store may hold many thousands
     * of cards, and only their fields and blobs are needed.
     *
     * @param postId   the card's post id in the index area
     * @param postedAt when the card was posted (the batch's completion)
     * @param card     the parsed card
     * @param blobs    the card's blobs (the manifest parts), with their links where the remote gives them
     */
    record CardPost(String postId, Instant postedAt, BatchCard card, List<Blob> blobs) implements Item {
        CardPost {
            blobs = List.copyOf(blobs);
        }

        @Override
        public String batchId() {
            return BatchId.parse(card.batchId()).hex();
        }
    }

    /**
     * A deletion record (section 17.1).
     *
     * @param postId  its post id in the index area
     * @param batchId the deleted batch
     */
    record Deletion(String postId, String batchId) implements Item {
    }

    /**
     * One page of the index area.
     *
     * @param items      our cards and deletion records, in posting order
     * @param foreign    cards and records someone else posted (never trusted; reported)
     * @param lastPostId the newest post of the page (card or not); null for an empty page
     */
    record Page(List<Item> items, List<Item> foreign, String lastPostId) {
        Page {
            items = List.copyOf(items);
            foreign = List.copyOf(foreign);
        }

        int cards() {
            return (int) items.stream().filter(CardPost.class::isInstance).count();
        }
    }

    /** The cards and deletion records among {@code posts} (a page of the index area, oldest first). */
    static Page parse(List<Post> posts) {
        List<Item> items = new ArrayList<>();
        List<Item> foreign = new ArrayList<>();
        for (Post post : posts) {
            item(post).ifPresent(item -> (post.ours() ? items : foreign).add(item));
        }
        return new Page(items, foreign, posts.isEmpty() ? null : posts.getLast().id());
    }

    private static Optional<Item> item(Post post) {
        Optional<BatchCard> card = BatchCard.parse(post.text()).filter(IndexPosts::wellFormed);
        if (card.isPresent()) {
            return Optional.of(new CardPost(post.id(), post.createdAt(), card.get(), post.blobs()));
        }
        return DeletionRecord.parse(post.text()).map(r -> new Deletion(post.id(), r.batchId()));
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
