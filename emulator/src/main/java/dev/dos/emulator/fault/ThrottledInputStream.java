package dev.dos.emulator.fault;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Caps the speed at which one request body is read (the upload side of a bandwidth cap): reads
 * in slices and sleeps (cheap on a virtual thread) so the average rate stays at or below the cap.
 * The client's sends then back up in the TCP buffers, as on a slow uplink.
 */
public final class ThrottledInputStream extends FilterInputStream {
    private final Pacer pacer;

    public ThrottledInputStream(InputStream in, long bytesPerSecond) {
        super(in);
        this.pacer = new Pacer(bytesPerSecond, "upload");
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, Math.min(len, pacer.slice()));
        if (n > 0) {
            pacer.moved(n);
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
}
