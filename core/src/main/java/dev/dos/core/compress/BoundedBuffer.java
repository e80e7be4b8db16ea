package dev.dos.core.compress;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An output stream into a fixed region of a caller's array. Writing past the region fails instead
 * of growing: the chunker's size guarantee must hold by construction, and if it ever did not, an
 * error is better than an oversized chunk.
 */
public final class BoundedBuffer extends OutputStream {
    private final byte[] array;
    private final int start;
    private final int end;
    private int position;

    public BoundedBuffer(byte[] array, int start, int capacity) {
        if (start < 0 || capacity < 0 || start + capacity > array.length) {
            throw new IllegalArgumentException("region outside the array");
        }
        this.array = array;
        this.start = start;
        this.end = start + capacity;
        this.position = start;
    }

    @Override
    public void write(int b) throws IOException {
        ensureRoom(1);
        array[position++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        ensureRoom(len);
        System.arraycopy(b, off, array, position, len);
        position += len;
    }

    /** Bytes written so far. */
    public int size() {
        return position - start;
    }

    public int capacity() {
        return end - start;
    }

    /** Forgets everything written. */
    public void reset() {
        position = start;
    }

    private void ensureRoom(int len) throws IOException {
        if (len > end - position) {
            throw new IOException("segment buffer overflow: " + len + " more bytes into " + (end - position)
                    + " free (a bug in the size bound)");
        }
    }
}
