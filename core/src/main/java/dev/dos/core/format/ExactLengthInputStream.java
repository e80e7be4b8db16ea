package dev.dos.core.format;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes through exactly {@code length} bytes and fails if the underlying stream holds more or
 * fewer: the declared length is the bound against decompression bombs.
 */
final class ExactLengthInputStream extends FilterInputStream {
    private long remaining;

    ExactLengthInputStream(InputStream in, long length) {
        super(in);
        this.remaining = length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (remaining == 0) {
            if (in.read() >= 0) {
                throw new IOException("decoded data longer than declared");
            }
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new IOException("decoded data shorter than declared (" + remaining + " bytes missing)");
        }
        remaining -= n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        return super.skip(Math.min(n, remaining));
    }
}
