package dev.dos.core.io;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * What a failure on another thread (a task's {@code ExecutionException} cause, a worker's recorded
 * failure) becomes on the thread that meets it: an {@link IOException} as it is, unchecked ones
 * thrown as they are (a bug stays a bug), anything else wrapped.
 */
public final class Failures {
    private Failures() {
    }

    /**
     * {@code cause} as an IOException for the caller to throw ({@code throw asIOException(e.getCause())});
     * a RuntimeException or an Error is thrown from here instead.
     */
    public static IOException asIOException(Throwable cause) {
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException re) {
            throw re;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new IOException(cause);
    }

    /**
     * {@code future}'s result, waiting for it; its failure as {@link #asIOException} makes it, and an
     * interrupt as an {@link InterruptedIOException} "interrupted while {@code doing}" (the
     * thread's interrupt flag kept).
     */
    public static <T> T await(Future<T> future, String doing) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while " + doing);
        } catch (ExecutionException e) {
            throw asIOException(e.getCause());
        }
    }
}
