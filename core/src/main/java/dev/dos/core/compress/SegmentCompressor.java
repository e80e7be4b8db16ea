package dev.dos.core.compress;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Compresses one segment into an output stream as one self-contained frame. Callers flush after
 * each piece they feed so that the output size is known, and bound what the next piece can add
 * with {@link #worstCaseGrowth}.
 */
public interface SegmentCompressor extends Closeable {

    /** Bytes reserved for the end of a frame ({@link #finish}): zstd's last block, gzip's trailer. */
    int END_RESERVE = 64;

    /**
     * The most that feeding {@code input} bytes and flushing can add to the output, for both zstd
     * and deflate: stored blocks add a few bytes per block (zstd 3 per 128 KiB, deflate 5 per
     * 64 KiB), flushes a few more, a frame header at most 18; 1/128 plus 128 bytes covers them all
     * with a wide margin.
     */
    static long worstCaseGrowth(long input) {
        return input + (input >>> 7) + 128;
    }

    /** Opens a compressor for {@code compression} writing to {@code out}. Not for {@link Codec#NONE}. */
    static SegmentCompressor open(Compression compression, OutputStream out) throws IOException {
        return switch (compression.codec()) {
            case ZSTD -> new ZstdSegmentCompressor(out, compression.level());
            case GZIP -> new GzipSegmentCompressor(out, compression.level());
            case NONE -> throw new IllegalArgumentException("codec none has no compressor");
        };
    }

    void write(byte[] b, int off, int len) throws IOException;

    /** Pushes everything written so far to the output, without ending the frame. */
    void flush() throws IOException;

    /** Ends the frame. Nothing may be written afterwards. */
    void finish() throws IOException;

    /** Releases native memory; does not close the output. */
    @Override
    void close() throws IOException;
}
