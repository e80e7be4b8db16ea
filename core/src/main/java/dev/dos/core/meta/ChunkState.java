package dev.dos.core.meta;

/**
 * Upload journal state of one chunk. The uploader records POSTING before it sends a chunk and
 * POSTED (with the remote ids) after the remote confirmed it, so a resumed upload knows exactly
 * which chunks to look for remotely (POSTING: maybe sent) and which to send again (PLANNED).
 * Allowed moves: PLANNED -> POSTING, POSTING -> POSTING (a retry), POSTING -> POSTED.
 */
public enum ChunkState {
    /** Recorded (size and hash known), not yet sent. */
    PLANNED,
    /** Being sent; the remote may or may not have it. */
    POSTING,
    /** The remote confirmed it; its ids are known. */
    POSTED;

    public boolean canMoveTo(ChunkState next) {
        return switch (this) {
            case PLANNED -> next == POSTING;
            case POSTING -> next == POSTING || next == POSTED;
            case POSTED -> false;
        };
    }
}
