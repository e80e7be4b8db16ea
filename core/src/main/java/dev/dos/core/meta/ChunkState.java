package dev.dos.core.meta;

/**
 * Upload journal state of one chunk. The uploader records POSTING before it sends a chunk and
 * POSTED (with the remote ids) after the remote confirmed it, so a resumed upload knows exactly
 * which chunks to look for remotely (POSTING: maybe sent) and which to send again (PLANNED).
 * A sync that rebuilds a batch from its card records its chunks REMOTE: stored, but where exactly is
 * looked up only when a restore or verify needs it (docs/FORMAT.md section 17.5).
 * Allowed moves: PLANNED -> POSTING, POSTING -> POSTING (a retry), POSTING -> POSTED,
 * REMOTE -> POSTED (looked up) | PLANNED (not found: missing).
 */
public enum ChunkState {
    /** Recorded (size and hash known), not yet sent. */
    PLANNED,
    /** Being sent; the remote may or may not have it. */
    POSTING,
    /** The remote confirmed it; its ids are known. */
    POSTED,
    /**
     * The remote holds it in one of the batch's lanes (its card and manifest say so), but its post and
     * blob ids are not looked up yet. Written only by a sync; never part of an upload's journal.
     */
    REMOTE;

    public boolean canMoveTo(ChunkState next) {
        return switch (this) {
            case PLANNED -> next == POSTING;
            case POSTING -> next == POSTING || next == POSTED;
            case POSTED -> false;
            case REMOTE -> next == POSTED || next == PLANNED;
        };
    }
}
