package dev.dos.emulator.fault;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Caps the speed of one download: writes in slices and sleeps (cheap on a virtual thread) so
 * the average rate stays at or below the cap.
 */
public final class ThrottledOutputStream extends FilterOutputStream {
    private final Pacer pacer;

    public ThrottledOutputStream(OutputStream out, long bytesPerSecond) {
        super(out);
        this.pacer = new Pacer(bytesPerSecond, "download");
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, pacer.slice());
            out.write(b, off, n);
            out.flush();
            off += n;
            len -= n;
            pacer.moved(n);
        }
    }
}
