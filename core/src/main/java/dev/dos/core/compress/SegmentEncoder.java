package dev.dos.core.compress;

import java.io.Closeable;
import java.io.IOException;

/**
 * Encodes a stream of bytes into segments whose encoded payload never exceeds a byte budget and
 * comes as close to it as practical (docs/FORMAT.md section 6).
 *
 * <p>Input is fed to the compressor in pieces of at most {@value #PIECE_BYTES} bytes, each followed
 * by a flush, so the compressed size so far is always known. A piece is only fed when even its
 * worst-case growth still fits; pieces shrink as the room does, and the segment is full once less
 * than {@value #MIN_PIECE_BYTES} bytes could be fed. While the raw segment still fits the budget a
 * copy is kept, and if compression did not make it smaller the segment is stored raw
 * ({@link Codec#NONE}).
 *
 * <p>One instance is reused for every segment of a stream; its two buffers (payload and raw copy)
 * are the stream's whole working memory.
 */
public final class SegmentEncoder implements Closeable {
    static final int PIECE_BYTES = 128 * 1024;
    static final int MIN_PIECE_BYTES = 256;

    private final Compression compression;
    private final byte[] output;
    private final int payloadOffset;
    private final int budget;
    private final long maxRawBytes;
    private final BoundedBuffer payload;
    private final byte[] rawCopy;

    private SegmentCompressor compressor;
    private long rawLength;
    private int pending;
    private int flushedSize;
    private boolean open;

    /**
     * @param output        array receiving each finished payload at {@code payloadOffset}
     * @param payloadOffset where payloads start (room before it is the caller's, e.g. for a header)
     * @param budget        most payload bytes per segment
     * @param maxRawBytes   most raw bytes per segment
     */
    public SegmentEncoder(Compression compression, byte[] output, int payloadOffset, int budget, long maxRawBytes) {
        this.compression = compression;
        this.output = output;
        this.payloadOffset = payloadOffset;
        this.budget = budget;
        this.maxRawBytes = maxRawBytes;
        this.payload = new BoundedBuffer(output, payloadOffset, budget);
        this.rawCopy = compression.codec() == Codec.NONE ? null : new byte[budget];
        if (maxFeedFor(budget - SegmentCompressor.END_RESERVE - 32) < MIN_PIECE_BYTES || maxRawBytes < budget) {
            throw new IllegalArgumentException("segment budget " + budget + " too small (or raw limit below it)");
        }
    }

    /** Whether a segment is started and not yet finished. */
    public boolean isOpen() {
        return open;
    }

    /** Raw bytes accepted into the current segment. */
    public long rawLength() {
        return rawLength;
    }

    /** Starts a segment. */
    public void start() throws IOException {
        if (open) {
            throw new IllegalStateException("segment already open");
        }
        payload.reset();
        rawLength = 0;
        pending = 0;
        if (compression.codec() != Codec.NONE) {
            compressor = SegmentCompressor.open(compression, payload);
        }
        flushedSize = payload.size();
        open = true;
    }

    /**
     * Accepts as many of {@code len} bytes as the segment can still take, and returns how many.
     * Returns 0 only when the segment is full.
     */
    public int write(byte[] b, int off, int len) throws IOException {
        requireOpen();
        if (compressor == null) {
            int n = (int) Math.min(len, Math.min(budget - rawLength, maxRawBytes - rawLength));
            payload.write(b, off, n);
            rawLength += n;
            return n;
        }
        int accepted = 0;
        while (accepted < len) {
            int allowance = allowance();
            if (allowance <= 0) {
                if (pending == 0) {
                    break;
                }
                flushCompressor();
                continue;
            }
            int n = Math.min(len - accepted, allowance);
            compressor.write(b, off + accepted, n);
            if (rawLength + n <= rawCopy.length) {
                System.arraycopy(b, off + accepted, rawCopy, (int) rawLength, n);
            }
            rawLength += n;
            pending += n;
            accepted += n;
            if (pending >= PIECE_BYTES) {
                flushCompressor();
            }
        }
        return accepted;
    }

    /** Whether the segment cannot take another byte (settles pending input to find out). */
    public boolean isFull() throws IOException {
        requireOpen();
        if (compressor == null) {
            return rawLength >= Math.min(budget, maxRawBytes);
        }
        if (pending > 0 && allowance() <= 0) {
            flushCompressor();
        }
        return allowance() <= 0;
    }

    /**
     * Ends the segment. The payload is in the output array at the payload offset; returns its
     * codec and length. The array is reused by the next segment.
     */
    public EncodedSegment finish() throws IOException {
        requireOpen();
        open = false;
        if (compressor == null) {
            return new EncodedSegment(Codec.NONE, rawLength, payload.size());
        }
        compressor.finish();
        compressor.close();
        compressor = null;
        int compressedSize = payload.size();
        if (rawLength <= compressedSize) {
            // Compression did not help: store the segment as it is (it fits, being no larger).
            System.arraycopy(rawCopy, 0, output, payloadOffset, (int) rawLength);
            return new EncodedSegment(Codec.NONE, rawLength, (int) rawLength);
        }
        return new EncodedSegment(compression.codec(), rawLength, compressedSize);
    }

    @Override
    public void close() throws IOException {
        if (compressor != null) {
            compressor.close();
            compressor = null;
        }
        open = false;
    }

    // How many more bytes may be written before the next flush.
    private int allowance() {
        if (rawLength >= maxRawBytes) {
            return 0;
        }
        long free = (long) budget - SegmentCompressor.END_RESERVE - flushedSize;
        long maxPending = maxFeedFor(free);
        if (pending == 0 && maxPending < MIN_PIECE_BYTES) {
            return 0;
        }
        long allowed = Math.min(PIECE_BYTES - pending, maxPending - pending);
        return (int) Math.min(allowed, maxRawBytes - rawLength);
    }

    private void flushCompressor() throws IOException {
        compressor.flush();
        pending = 0;
        flushedSize = payload.size();
    }

    /** The largest input whose worst-case growth fits in {@code free} bytes. */
    static long maxFeedFor(long free) {
        if (free <= 128) {
            return 0;
        }
        long k = (free - 128) * 128 / 129;
        while (k > 0 && SegmentCompressor.worstCaseGrowth(k) > free) {
            k--;
        }
        while (SegmentCompressor.worstCaseGrowth(k + 1) <= free) {
            k++;
        }
        return k;
    }

    private void requireOpen() {
        if (!open) {
            throw new IllegalStateException("no open segment");
        }
    }

    /**
     * A finished segment.
     *
     * @param codec         how the payload is encoded
     * @param rawLength     decoded length
     * @param payloadLength encoded length, in the output array at the payload offset
     */
    public record EncodedSegment(Codec codec, long rawLength, int payloadLength) {
    }
}
