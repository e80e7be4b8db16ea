package dev.dos.core.remote;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stream cut to exactly {@code length} bytes of another: it ends there, and fails with an
 * {@link EOFException} if the other ends first. For {@link StorageRemote#openBlob(BlobRef, long, long)}.
 */
public final class BlobRange extends FilterInputStream {
    private long remaining;

    private BlobRange(InputStream in, long length) {
        super(in);
        this.remaining = length;
    }

    /** The first {@code length} bytes of {@code in}, which must hold at least that many. */
    public static InputStream exactly(InputStream in, long length) {
        return new BlobRange(in, length);
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
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new EOFException("the blob ended " + remaining + " bytes before the end of the range");
        }
        remaining -= n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(Math.min(n, remaining));
        remaining -= skipped;
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(in.available(), remaining);
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
