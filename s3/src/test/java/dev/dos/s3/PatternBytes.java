package dev.dos.s3;

import java.io.InputStream;

/** A reproducible byte stream of any length, made on the fly: byte {@code p} is a hash of {@code p / 8}. */
final class PatternBytes extends InputStream {
    private final long end;
    private long position;

    PatternBytes(long offset, long length) {
        this.position = offset;
        this.end = offset + length;
    }

    static byte at(long p) {
        return (byte) (word(p >>> 3) >>> ((p & 7) * 8));
    }

    private static long word(long index) {
        long z = index * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        return z ^ (z >>> 27);
    }

    /** Fills {@code b[off, off+len)} with the bytes at {@code p}. */
    static void fill(long p, byte[] b, int off, int len) {
        int i = 0;
        while (i < len && ((p + i) & 7) != 0) {
            b[off + i] = at(p + i);
            i++;
        }
        for (; i + 8 <= len; i += 8) {
            long w = word((p + i) >>> 3);
            for (int k = 0; k < 8; k++) {
                b[off + i + k] = (byte) (w >>> (k * 8));
            }
        }
        for (; i < len; i++) {
            b[off + i] = at(p + i);
        }
    }

    @Override
    public int read() {
        return position < end ? at(position++) & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (position >= end) {
            return -1;
        }
        int n = (int) Math.min(len, end - position);
        fill(position, b, off, n);
        position += n;
        return n;
    }
}
