package dev.dos.core.pack;

import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The SHA-256 of a file's content, computed beside the copy that reads or writes it: packing
 * hashes every byte it reads and restoring every byte it writes, and on the thread that also
 * compresses or decompresses, that hash was a quarter of a 1 GiB restore's critical path (issue
 * 16, docs/PERFORMANCE.md). The first {@link #INLINE_BYTES} of a file are hashed on the caller's
 * thread (most files are small, and handing bytes over costs more than hashing them); after that
 * the bytes are copied into {@link #SLICES} buffers of {@link #SLICE_BYTES} in turn, which a
 * virtual thread hashes while the caller goes on, in order.
 *
 * <p>One thread uses an instance: {@link #update} as the bytes pass, then {@link #hex} once;
 * {@link #close} abandons a hash that will not be finished (after a failure) and is harmless
 * after {@link #hex}. Memory: at most {@code SLICES * SLICE_BYTES} (1 MiB) per file being hashed.
 */
final class ContentHash implements AutoCloseable {
    static final int INLINE_BYTES = 1 << 20;
    static final int SLICE_BYTES = 256 * 1024;
    static final int SLICES = 4;

    /** A buffer and how many of its bytes to hash; a null buffer ends the worker. */
    private record Slice(byte[] bytes, int length) {
    }

    private static final Slice END = new Slice(null, 0);

    private final MessageDigest sha256 = FileContentCopier.sha256();
    private long hashedInline;
    private BlockingQueue<byte[]> free;
    private BlockingQueue<Slice> queued;
    private Thread worker;
    private byte[] current;
    private int filled;
    private boolean finished;

    /** Hashes {@code bytes[offset, offset+length)} after the bytes given before. */
    void update(byte[] bytes, int offset, int length) throws InterruptedIOException {
        if (worker == null) {
            if (hashedInline + length <= INLINE_BYTES) {
                sha256.update(bytes, offset, length);
                hashedInline += length;
                return;
            }
            start();
        }
        while (length > 0) {
            if (current == null) {
                current = take(free);
                filled = 0;
            }
            int n = Math.min(length, current.length - filled);
            System.arraycopy(bytes, offset, current, filled, n);
            filled += n;
            offset += n;
            length -= n;
            if (filled == current.length) {
                hand(current, filled);
                current = null;
            }
        }
    }

    /** The SHA-256 of everything given, in lower-case hex; ends this hash. */
    String hex() throws InterruptedIOException {
        if (worker != null) {
            if (current != null) {
                hand(current, filled);
                current = null;
            }
            hand(null, 0);
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while hashing");
            }
        }
        finished = true;
        return HexFormat.of().formatHex(sha256.digest());
    }

    @Override
    public void close() {
        if (worker != null && !finished) {
            worker.interrupt();
        }
        finished = true;
    }

    /** The thread hashing in the background, once there is one (for tests). */
    Thread worker() {
        return worker;
    }

    // The digest has seen every inline byte: from now on only the worker touches it (the queue
    // orders its updates after them).
    private void start() {
        free = new ArrayBlockingQueue<>(SLICES);
        queued = new ArrayBlockingQueue<>(SLICES + 1);
        for (int i = 0; i < SLICES; i++) {
            free.add(new byte[SLICE_BYTES]);
        }
        worker = Thread.ofVirtual().name("dos-content-hash").start(this::hashQueued);
    }

    private void hashQueued() {
        try {
            while (true) {
                Slice slice = queued.take();
                if (slice.bytes() == null) {
                    return;
                }
                sha256.update(slice.bytes(), 0, slice.length());
                free.put(slice.bytes());
            }
        } catch (InterruptedException e) {
            // abandoned (close): the digest is not read
        }
    }

    private void hand(byte[] bytes, int length) throws InterruptedIOException {
        try {
            queued.put(bytes == null ? END : new Slice(bytes, length));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing");
        }
    }

    private static byte[] take(BlockingQueue<byte[]> queue) throws InterruptedIOException {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing");
        }
    }
}
