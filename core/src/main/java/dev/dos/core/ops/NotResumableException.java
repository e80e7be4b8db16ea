package dev.dos.core.ops;

/**
 * Resume refused because of the batch's state: it is complete, damaged, being deleted, or was
 * never started far enough to continue. The message says which and what to do instead.
 */
public class NotResumableException extends RuntimeException {
    public NotResumableException(String message) {
        super(message);
    }
}
