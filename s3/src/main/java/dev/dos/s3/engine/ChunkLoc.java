package dev.dos.s3.engine;

/**
 * Where one chunk of a data stream lives (docs/FORMAT.md section 16.4, "location"): bytes
 * {@code [offset, offset + stored)} of a blob, decoding to {@code raw} bytes. Either in the post
 * that carries the record ({@code blobIndex >= 0}, {@code postId} null), or a blob posted earlier
 * ({@code lane}, {@code postId}, {@code blobId}).
 */
record ChunkLoc(long raw, long stored, long offset, int lane, String postId, String blobId, int blobIndex) {
    ChunkLoc {
        if (raw < 0 || stored < 0 || offset < 0) {
            throw new IllegalArgumentException("negative chunk length or offset");
        }
        if ((postId == null) == (blobIndex < 0)) {
            throw new IllegalArgumentException("a location is either in this post or at a posted blob");
        }
    }

    static ChunkLoc inThisPost(long raw, long stored, int blobIndex, long offset) {
        return new ChunkLoc(raw, stored, offset, -1, null, null, blobIndex);
    }

    static ChunkLoc at(long raw, long stored, int lane, String postId, String blobId, long offset) {
        return new ChunkLoc(raw, stored, offset, lane, postId, blobId, -1);
    }

    boolean inThisPost() {
        return postId == null;
    }

    /** This location with "this post" resolved to the post's lane, id and blob ids. */
    ChunkLoc resolve(int postLane, String post, java.util.List<String> blobIds) {
        if (!inThisPost()) {
            return this;
        }
        if (blobIndex >= blobIds.size()) {
            throw new IllegalArgumentException("blob " + blobIndex + " of a post with " + blobIds.size() + " blobs");
        }
        return at(raw, stored, postLane, post, blobIds.get(blobIndex), offset);
    }
}
