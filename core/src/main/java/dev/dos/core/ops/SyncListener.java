package dev.dos.core.ops;

/**
 * Progress of a sync, counted in batches (cards and card-less containers) rather than bytes: a
 * sync moves little data but may examine thousands of batches. Calls come from the syncing thread.
 * All methods default to doing nothing.
 */
public interface SyncListener {
    /** A no-op listener. */
    SyncListener NONE = new SyncListener() {
    };

    /** The remote was listed: {@code total} batches are to be examined (may grow once, when older cards must be read). */
    default void examining(int total) {
    }

    /** One more batch was examined. */
    default void examined(String batchId) {
    }
}
