package dev.dos.core.compress;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.IOException;
import java.io.OutputStream;

/** One zstd frame, no content checksum (the chunk's GCM tag already authenticates the payload). */
final class ZstdSegmentCompressor implements SegmentCompressor {
    private final ZstdOutputStreamNoFinalizer zstd;
    private boolean finished;

    ZstdSegmentCompressor(OutputStream out, int level) throws IOException {
        this.zstd = new ZstdOutputStreamNoFinalizer(out, level);
        zstd.setChecksum(false);
        zstd.setCloseFrameOnFlush(false);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        zstd.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        zstd.flush();
    }

    @Override
    public void finish() throws IOException {
        finished = true;
        zstd.closeWithoutClosingParentStream();
    }

    @Override
    public void close() throws IOException {
        if (!finished) {
            finished = true;
            zstd.closeWithoutClosingParentStream();
        }
    }
}
