package dev.dos.core.meta;

import java.util.EnumSet;
import java.util.Set;

/**
 * Lifecycle of a batch. Allowed moves:
 * <pre>
 * UPLOADING  -> COMPLETE | INCOMPLETE | DELETING
 * INCOMPLETE -> UPLOADING (resume) | DELETING
 * COMPLETE   -> DAMAGED (verify failed) | DELETING
 * DAMAGED    -> COMPLETE (verified again) | DELETING
 * DELETING   -> nothing: the rows are removed once the remote copy is gone
 * </pre>
 */
public enum BatchState {
    /** An upload is running (or died without saying so: see {@link #INCOMPLETE}). */
    UPLOADING,
    /** Every chunk, the manifest and the index card are stored remotely. */
    COMPLETE,
    /** An upload stopped before completion; {@code resume} can continue it. */
    INCOMPLETE,
    /** Verification found missing or corrupt chunks. */
    DAMAGED,
    /** A delete started; the remote copy may be partly gone. */
    DELETING;

    public boolean canMoveTo(BatchState next) {
        return successors().contains(next);
    }

    private Set<BatchState> successors() {
        return switch (this) {
            case UPLOADING -> EnumSet.of(COMPLETE, INCOMPLETE, DELETING);
            case INCOMPLETE -> EnumSet.of(UPLOADING, DELETING);
            case COMPLETE -> EnumSet.of(DAMAGED, DELETING);
            case DAMAGED -> EnumSet.of(COMPLETE, DELETING);
            case DELETING -> EnumSet.noneOf(BatchState.class);
        };
    }
}
