package dev.dos.core.ops;

/**
 * Receives progress and warnings from long operations. The core never prints: the CLI renders
 * these as progress bars, the web layer as server-sent events. Calls may come from several
 * threads; implementations must be thread-safe. All methods default to doing nothing.
 */
public interface ProgressListener {
    /** A no-op listener. */
    ProgressListener NONE = new ProgressListener() {
    };

    /** A new phase starts (e.g. "upload", "download", "verify"); total is in bytes, or -1 if unknown. */
    default void phaseStarted(String phase, long totalBytes) {
    }

    /** {@code bytes} more bytes of the current phase are done. */
    default void advanced(long bytes) {
    }

    /** The current phase ended (successfully or not). */
    default void phaseEnded() {
    }

    /** Something the user should know that does not stop the operation (a skipped file, a retry). */
    default void warning(String message) {
    }
}
