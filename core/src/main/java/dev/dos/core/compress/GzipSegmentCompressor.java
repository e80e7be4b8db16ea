package dev.dos.core.compress;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

/** One gzip member. Sync-flush mode, so that {@link #flush} really emits everything written. */
final class GzipSegmentCompressor implements SegmentCompressor {
    private static final int BUFFER_BYTES = 64 * 1024;
    private final LeveledGzip gzip;

    GzipSegmentCompressor(OutputStream out, int level) throws IOException {
        this.gzip = new LeveledGzip(out, level);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        gzip.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        gzip.flush();
    }

    @Override
    public void finish() throws IOException {
        gzip.finish();
    }

    @Override
    public void close() {
        gzip.release();
    }

    /** GZIPOutputStream only exposes its level through the protected deflater. */
    private static final class LeveledGzip extends GZIPOutputStream {
        LeveledGzip(OutputStream out, int level) throws IOException {
            super(out, BUFFER_BYTES, true);
            def.setLevel(level);
        }

        void release() {
            def.end();
        }
    }
}
