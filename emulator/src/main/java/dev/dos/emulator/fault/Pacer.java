package dev.dos.emulator.fault;

import java.io.InterruptedIOException;

/**
 * Keeps one transfer at or below a byte rate: the stream moves at most {@link #slice()} bytes at a
 * time and calls {@link #moved} after each, which sleeps (cheap on a virtual thread) while the
 * transfer is ahead of the rate. Shared by the download and upload sides of a bandwidth cap.
 */
final class Pacer {
    private static final int SLICES_PER_SECOND = 20;

    private final long bytesPerSecond;
    private final String what;
    private final long startNanos = System.nanoTime();
    private long moved;

    /** {@code what} names the transfer in the interruption message ("download", "upload"). */
    Pacer(long bytesPerSecond, String what) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("bytesPerSecond must be positive, got " + bytesPerSecond);
        }
        this.bytesPerSecond = bytesPerSecond;
        this.what = what;
    }

    /** How many bytes to move before the next {@link #moved} call. */
    int slice() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, bytesPerSecond / SLICES_PER_SECOND));
    }

    /** Records {@code n} more bytes moved and waits while the transfer is ahead of the rate. */
    void moved(int n) throws InterruptedIOException {
        moved += n;
        long dueNanos = moved * 1_000_000_000L / bytesPerSecond;
        long aheadNanos = dueNanos - (System.nanoTime() - startNanos);
        if (aheadNanos > 0) {
            try {
                Thread.sleep(aheadNanos / 1_000_000, (int) (aheadNanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException(what + " interrupted");
            }
        }
    }
}
