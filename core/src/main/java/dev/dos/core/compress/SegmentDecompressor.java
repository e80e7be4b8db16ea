package dev.dos.core.compress;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Opens a decoding stream over one payload, with the memory limits of docs/FORMAT.md section 4. */
public final class SegmentDecompressor {
    /** Largest zstd window a reader accepts: levels 1..19 never need more than 2^23. */
    public static final int MAX_ZSTD_WINDOW_LOG = 24;

    private SegmentDecompressor() {
    }

    /** A stream of the decoded bytes. Callers bound its length; closing it releases native memory. */
    public static InputStream open(Codec codec, InputStream payload) throws IOException {
        return switch (codec) {
            case NONE -> payload;
            case ZSTD -> new ZstdInputStreamNoFinalizer(payload).setLongMax(MAX_ZSTD_WINDOW_LOG);
            case GZIP -> new GZIPInputStream(payload);
        };
    }
}
