package dev.dos.emulator.fault;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;

/**
 * Caps the speed at which one request body is read (the upload side of a bandwidth cap): reads
 * in slices and sleeps (cheap on a virtual thread) so the average rate stays at or below the cap.
 * The client's sends then back up in the TCP buffers, as on a slow uplink.
 */
public final class ThrottledInputStream extends FilterInputStream {
    private static final int SLICES_PER_SECOND = 20;

    private final long bytesPerSecond;
    private final long startNanos = System.nanoTime();
    private long read;

    public ThrottledInputStream(InputStream in, long bytesPerSecond) {
        super(in);
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("bytesPerSecond must be positive, got " + bytesPerSecond);
        }
        this.bytesPerSecond = bytesPerSecond;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int slice = (int) Math.max(1, Math.min(Integer.MAX_VALUE, bytesPerSecond / SLICES_PER_SECOND));
        int n = in.read(b, off, Math.min(len, slice));
        if (n > 0) {
            read += n;
            pace();
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(8192, Math.max(1, n))];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    private void pace() throws IOException {
        long dueNanos = read * 1_000_000_000L / bytesPerSecond;
        long aheadNanos = dueNanos - (System.nanoTime() - startNanos);
        if (aheadNanos > 0) {
            try {
                Thread.sleep(aheadNanos / 1_000_000, (int) (aheadNanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("upload interrupted");
            }
        }
    }
}
