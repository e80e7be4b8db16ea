package dev.dos.core.pack;

import dev.dos.core.format.ManifestEntry;

/**
 * Progress from a restore or verify, called on the restoring thread. All methods default to
 * doing nothing; {@link #NONE} does nothing at all.
 */
public interface RestoreListener {
    RestoreListener NONE = new RestoreListener() {
    };

    /** {@code bytes} more bytes of file content were restored or checked. */
    default void bytesRestored(long bytes) {
    }

    /** An entry was restored or checked successfully. */
    default void entryRestored(ManifestEntry entry) {
    }

    /** An entry was not restored. */
    default void problem(RestoreProblem problem) {
    }
}
