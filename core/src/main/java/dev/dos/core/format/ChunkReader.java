package dev.dos.core.format;

import dev.dos.core.compress.SegmentDecompressor;
import dev.dos.core.crypto.StreamKey;
import dev.dos.core.format.IntegrityException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * The decoded byte stream of a chunked stream, from any {@link StreamPosition} to its end. Pulls
 * one chunk at a time from a {@link ChunkSource}, authenticates it whole before using any of it,
 * and enforces each segment's declared length (the bound against decompression bombs).
 *
 * <p>Any failure is an {@link IntegrityException} naming the chunk; after one the reader stays
 * failed. Memory: the current chunk and its plaintext.
 */
public final class ChunkReader extends InputStream {
    private final StreamKey key;
    private final BatchId batchId;
    private final ChunkSource source;
    private final int chunkCount;

    private int index;
    private InputStream segment;
    private long segmentRemaining;
    private boolean segmentIsLast;
    private boolean ended;
    private IntegrityException failure;

    /**
     * @param chunkCount the stream's chunk count if known (from a manifest), else -1: then only
     *                   the LAST flag ends the stream
     */
    public ChunkReader(StreamKey key, ChunkSource source, StreamPosition start, int chunkCount) throws IOException {
        this.key = Objects.requireNonNull(key, "key");
        this.batchId = BatchId.fromBytes(key.streamId());
        this.source = Objects.requireNonNull(source, "source");
        this.chunkCount = chunkCount;
        if (chunkCount == 0 || chunkCount < -1 || chunkCount > 0 && start.chunkIndex() >= chunkCount) {
            throw new IllegalArgumentException("start chunk " + start.chunkIndex() + " outside " + chunkCount + " chunks");
        }
        this.index = start.chunkIndex();
        load();
        skipStartOffset(start.offset());
    }

    /** The chunk being decoded (the one a failure is about). */
    public int currentChunk() {
        return index;
    }

    /**
     * Bytes of the current chunk's decoded segment not read yet. Right after construction this is
     * the segment's authenticated length minus the start offset, which lets a caller that computed
     * the start from a manifest check that the chunk is as long as the manifest says.
     */
    public long remainingInChunk() {
        return segmentRemaining;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (failure != null) {
            throw failure;
        }
        if (len == 0) {
            return 0;
        }
        try {
            while (!ended) {
                if (segmentRemaining == 0) {
                    endSegment();
                    continue;
                }
                int n = readSegment(b, off, (int) Math.min(len, segmentRemaining));
                segmentRemaining -= n;
                return n;
            }
            return -1;
        } catch (IntegrityException e) {
            failure = e;
            closeSegment();
            throw e;
        }
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[(int) Math.min(n, 64 * 1024)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public void close() {
        closeSegment();
        ended = true;
    }

    private void skipStartOffset(long offset) throws IOException {
        if (offset > segmentRemaining) {
            IntegrityException e = new IntegrityException(batchId, index, Reason.CONTENT_MISMATCH,
                    "start offset " + offset + " beyond its " + segmentRemaining + "-byte segment");
            failure = e;
            closeSegment();
            throw e;
        }
        long skipped = 0;
        byte[] buffer = new byte[(int) Math.min(Math.max(offset, 1), 64 * 1024)];
        while (skipped < offset) {
            int n = read(buffer, 0, (int) Math.min(buffer.length, offset - skipped));
            skipped += n;
        }
    }

    private int readSegment(byte[] b, int off, int len) throws IntegrityException {
        int n;
        try {
            n = segment.read(b, off, len);
        } catch (IOException e) {
            throw new IntegrityException(batchId, index, Reason.BAD_PAYLOAD, e.getMessage(), e);
        }
        if (n < 0) {
            throw new IntegrityException(batchId, index, Reason.BAD_PAYLOAD, "segment shorter than declared");
        }
        return n;
    }

    // The segment's declared length is used up: it must also be the end of its payload.
    private void endSegment() throws IOException {
        int extra;
        try {
            extra = segment.read();
        } catch (IOException e) {
            throw new IntegrityException(batchId, index, Reason.BAD_PAYLOAD, e.getMessage(), e);
        }
        if (extra >= 0) {
            throw new IntegrityException(batchId, index, Reason.BAD_PAYLOAD, "segment longer than declared");
        }
        closeSegment();
        if (segmentIsLast) {
            ended = true;
            return;
        }
        index++;
        load();
    }

    private void load() throws IntegrityException {
        OpenedChunk chunk;
        try {
            chunk = source.openChunk(key, index);
            checkLastFlag(chunk.header().last());
        } catch (IntegrityException e) {
            failure = e;
            throw e;
        } catch (IOException | UncheckedIOException e) {
            String detail = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            failure = new IntegrityException(batchId, index, Reason.MISSING, detail, e);
            throw failure;
        }
        segmentIsLast = chunk.header().last();
        segmentRemaining = chunk.rawLength();
        try {
            segment = SegmentDecompressor.open(chunk.codec(),
                    new ByteArrayInputStream(chunk.plaintext(), chunk.payloadOffset(), chunk.payloadLength()));
        } catch (IOException e) {
            failure = new IntegrityException(batchId, index, Reason.BAD_PAYLOAD, e.getMessage(), e);
            throw failure;
        }
    }

    private void checkLastFlag(boolean last) throws IntegrityException {
        if (chunkCount < 0) {
            return;
        }
        boolean shouldBeLast = index == chunkCount - 1;
        if (last && !shouldBeLast) {
            throw new IntegrityException(batchId, index, Reason.TRUNCATED,
                    "marked last, but the manifest lists " + chunkCount + " chunks");
        }
        if (!last && shouldBeLast) {
            throw new IntegrityException(batchId, index, Reason.TRUNCATED,
                    "the manifest's final chunk is not marked last");
        }
    }

    private void closeSegment() {
        if (segment != null) {
            try {
                segment.close();
            } catch (IOException e) {
                // Closing an in-memory decoder only frees native memory; nothing to report.
            }
            segment = null;
        }
    }
}
