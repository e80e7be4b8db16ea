package dev.dos.core.pack;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A tar reader that bounds the memory an entry's headers can take (docs/FORMAT.md section 11).
 * Commons Compress reads a PAX extended header, a GNU long name or link and old GNU sparse maps
 * into memory whole, and follows chains of them recursively: a batch crafted with the key could
 * declare a 1 GiB PAX path (one zstd-compressed segment expands to 2^30 bytes) and exhaust the
 * heap of whoever restores it. Here every byte read while finding the next entry, that is all of
 * its headers but nothing of the previous entry's content, counts against
 * {@link #MAX_HEADER_BYTES}; past it the read fails with an {@link IOException}.
 */
final class BoundedTarInputStream extends TarArchiveInputStream {
    /** Most bytes the headers of one entry may take: ustar records, PAX headers, long names. */
    static final int MAX_HEADER_BYTES = 1 << 20;

    private final Budget budget;
    private int depth;

    BoundedTarInputStream(InputStream in) {
        this(new Budget(in));
    }

    private BoundedTarInputStream(Budget budget) {
        super(budget, TarFormat.RECORD_BYTES, StandardCharsets.UTF_8.name());
        this.budget = budget;
    }

    @Override
    public TarArchiveEntry getNextEntry() throws IOException {
        // Commons Compress calls back here for each PAX header or long name it meets: the budget
        // covers the whole chain, and is reset only by the outermost call.
        if (depth == 0) {
            if (getCurrentEntry() != null) {
                skipRestOfEntry();
            }
            budget.start();
        }
        depth++;
        try {
            return super.getNextEntry();
        } finally {
            depth--;
            if (depth == 0) {
                budget.stop();
            }
        }
    }

    // The previous entry's content is data, not header: read past it before the budget starts.
    private void skipRestOfEntry() throws IOException {
        byte[] buffer = new byte[8192];
        while (read(buffer, 0, buffer.length) >= 0) {
            // discard
        }
    }

    /** Counts bytes read from the tar stream while an entry's headers are being read. */
    private static final class Budget extends FilterInputStream {
        private boolean counting;
        private long used;

        Budget(InputStream in) {
            super(in);
        }

        void start() {
            counting = true;
            used = 0;
        }

        void stop() {
            counting = false;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            charge(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            charge(Math.max(n, 0));
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            charge(skipped);
            return skipped;
        }

        private void charge(long bytes) throws IOException {
            if (!counting) {
                return;
            }
            used += bytes;
            if (used > MAX_HEADER_BYTES) {
                throw new IOException("the tar headers of one entry exceed " + MAX_HEADER_BYTES
                        + " bytes (PAX header, long name or sparse map): refused as a decompression bomb");
            }
        }
    }
}
