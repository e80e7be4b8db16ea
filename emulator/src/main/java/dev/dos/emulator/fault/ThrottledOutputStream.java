package dev.dos.emulator.fault;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * Caps the speed of one download: writes in slices and sleeps (cheap on a virtual thread) so
 * the average rate stays at or below the cap.
 */
public final class ThrottledOutputStream extends FilterOutputStream {
    private static final int SLICES_PER_SECOND = 20;

    private final long bytesPerSecond;
    private final long startNanos = System.nanoTime();
    private long written;

    public ThrottledOutputStream(OutputStream out, long bytesPerSecond) {
        super(out);
        this.bytesPerSecond = bytesPerSecond;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int slice = (int) Math.max(1, bytesPerSecond / SLICES_PER_SECOND);
        while (len > 0) {
            int n = Math.min(len, slice);
            out.write(b, off, n);
            out.flush();
            written += n;
            off += n;
            len -= n;
            pace();
        }
    }

    private void pace() throws IOException {
        long dueNanos = written * 1_000_000_000L / bytesPerSecond;
        long aheadNanos = dueNanos - (System.nanoTime() - startNanos);
        if (aheadNanos > 0) {
            try {
                Thread.sleep(aheadNanos / 1_000_000, (int) (aheadNanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("download interrupted");
            }
        }
    }
}
