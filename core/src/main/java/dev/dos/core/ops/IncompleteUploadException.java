package dev.dos.core.ops;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.Objects;

/**
 * An upload (or a resume) stopped before its batch was complete: interrupted, or failed with an
 * error that outlasted the retries. The batch is left INCOMPLETE with every confirmed chunk
 * journaled, so {@link ResumeOperation} can continue it; the cause says why it stopped.
 */
public class IncompleteUploadException extends IOException {
    private final String batchId;
    private final boolean interrupted;

    public IncompleteUploadException(String batchId, boolean interrupted, Throwable cause) {
        super((interrupted ? "upload of batch " + batchId + " interrupted"
                : "upload of batch " + batchId + " stopped: " + cause.getMessage()), cause);
        this.batchId = Objects.requireNonNull(batchId, "batchId");
        this.interrupted = interrupted;
    }

    /** The incomplete batch (32 hex digits). */
    public String batchId() {
        return batchId;
    }

    /** Whether it stopped because its thread was interrupted (Ctrl-C), rather than by an error. */
    public boolean interrupted() {
        return interrupted;
    }

    /** Whether {@code failure}, or something it was caused by, is an interruption of this thread. */
    static boolean causedByInterrupt(Throwable failure) {
        if (Thread.currentThread().isInterrupted()) {
            return true;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof InterruptedIOException
                    || t instanceof ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }
}
