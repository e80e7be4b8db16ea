package dev.dos.s3.engine;

import dev.dos.core.remote.Post;
import dev.dos.s3.engine.IndexRows.LanePost;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The store's card in the index area (docs/FORMAT.md section 16.6): its store id, key
 * fingerprint, lanes, and the newest checkpoint. Ids and counts only.
 *
 * @param checkpointId null when the store has no checkpoint yet ({@code seq} is then 0)
 */
record StoreCard(String postId, String storeId, String keyFingerprint, List<String> lanes, long seq,
                 String checkpointId, int checkpointChunks, List<LanePost> checkpointPosts) {
    static final String MARKER = "dos-s3 v1 ";
    private static final String ID = "[A-Za-z0-9_-]{1,64}";
    private static final Pattern LINE = Pattern.compile("dos-s3 v1 store=([0-9a-f]{32}) key=([0-9a-f]{32})"
            + " lanes=(" + ID + "(?:," + ID + ")*) seq=([0-9]{1,18})"
            + " checkpoint=(?:none|([0-9a-f]{32}):([0-9]{1,9}) posts=([0-9]{1,2}:" + ID + "(?:,[0-9]{1,2}:" + ID
            + ")*))");

    StoreCard {
        lanes = List.copyOf(lanes);
        checkpointPosts = List.copyOf(checkpointPosts);
    }

    /** The card's text: a human line, then the machine line in a code block. */
    String render() {
        String checkpoint = checkpointId == null ? "none"
                : checkpointId + ":" + checkpointChunks + " posts=" + String.join(",",
                checkpointPosts.stream().map(LanePost::toString).toList());
        return "**dos S3 store** `" + storeId + "`\n```\n" + MARKER + "store=" + storeId + " key=" + keyFingerprint
                + " lanes=" + String.join(",", lanes) + " seq=" + seq + " checkpoint=" + checkpoint + "\n```";
    }

    StoreCard withCheckpoint(long newSeq, String id, int chunks, List<LanePost> posts) {
        return new StoreCard(postId, storeId, keyFingerprint, lanes, newSeq, id, chunks, posts);
    }

    StoreCard withPostId(String id) {
        return new StoreCard(id, storeId, keyFingerprint, lanes, seq, checkpointId, checkpointChunks, checkpointPosts);
    }

    /** The card a post carries, if it is one (of anyone: callers check {@link Post#ours()}). */
    static Optional<StoreCard> parse(Post post) {
        Matcher m = LINE.matcher(post.text());
        if (!m.find()) {
            return Optional.empty();
        }
        List<String> lanes = Arrays.asList(m.group(3).split(","));
        if (m.group(5) == null) {
            return Optional.of(new StoreCard(post.id(), m.group(1), m.group(2), lanes, Long.parseLong(m.group(4)), null,
                    0, List.of()));
        }
        try {
            List<LanePost> posts = Arrays.stream(m.group(7).split(",")).map(LanePost::parse).toList();
            if (posts.stream().anyMatch(p -> p.lane() >= lanes.size())) {
                return Optional.empty();
            }
            return Optional.of(new StoreCard(post.id(), m.group(1), m.group(2), lanes, Long.parseLong(m.group(4)),
                    m.group(5), Integer.parseInt(m.group(6)), posts));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Among pinned posts (most recently pinned first), the first card of ours for this key. */
    static Optional<StoreCard> find(List<Post> pinned, String keyFingerprint) {
        for (Post post : pinned) {
            if (!post.ours()) {
                continue;
            }
            Optional<StoreCard> card = parse(post).filter(c -> c.keyFingerprint().equals(keyFingerprint));
            if (card.isPresent()) {
                return card;
            }
        }
        return Optional.empty();
    }
}
