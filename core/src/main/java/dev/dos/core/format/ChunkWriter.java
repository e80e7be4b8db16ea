package dev.dos.core.format;

import dev.dos.core.compress.Compression;
import dev.dos.core.compress.SegmentEncoder;
import dev.dos.core.crypto.StreamKey;
import dev.dos.core.io.Failures;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * An output stream that cuts what is written into segments, compresses and seals each one into a
 * chunk no larger than the target, and hands the chunks to a {@link ChunkSink} in order
 * (docs/FORMAT.md sections 4 to 6).
 *
 * <p>A full segment is only sealed when the next byte arrives, so that the final chunk, sealed by
 * {@link #close}, is the one that carries the LAST flag.
 *
 * <p>Sealing (the synthetic nonce's HMAC, AES-GCM and the chunk's SHA-256: three passes over the
 * payload) runs on a virtual thread of its own while the writer's thread compresses the next
 * segment, so that on two cores the two halves of the work overlap (issue 16). At most one seal is
 * in flight: a chunk reaches the sink when the next segment is sealed (or at {@link #close}), on
 * the writer's thread, so the sink sees what it saw before, one segment later. The final chunk is
 * sealed on the writer's thread. Memory: one payload buffer and one raw buffer of the target size,
 * a copy of the payload being sealed, and the chunk being sealed or handed over.
 *
 * <p>{@link #flush} does nothing: cutting or flushing on a caller's whim would only cost ratio.
 *
 * <p>A write that fails (the sink refused a chunk, the upload was interrupted) ends the writer as
 * {@link #abort} does. The tar layer closes its output when a write fails (commons-compress
 * does), and that close must not seal a LAST chunk behind the chunk that was lost.
 */
public final class ChunkWriter extends OutputStream {
    private final StreamKey key;
    private final ChunkTarget target;
    private final ChunkSink sink;
    private final byte[] plaintext;
    private final SegmentEncoder encoder;
    private final List<ManifestChunk> chunks = new ArrayList<>();
    /** The payload being sealed: a copy, so that the next segment can be encoded meanwhile. */
    private byte[] sealBuffer;
    private Future<EncodedChunk> sealing;
    private int nextIndex;
    private long bytesWritten;
    private long storedBytes;
    private boolean closed;

    public ChunkWriter(StreamKey key, Compression compression, ChunkTarget target, ChunkSink sink) {
        this(key, compression, target, sink, ChunkFormat.DEFAULT_SEGMENT_BYTES);
    }

    /** As above, with a smaller segment raw limit (tests use it to force many segments). */
    ChunkWriter(StreamKey key, Compression compression, ChunkTarget target, ChunkSink sink, long maxSegmentBytes) {
        this.key = Objects.requireNonNull(key, "key");
        this.target = Objects.requireNonNull(target, "target");
        this.sink = Objects.requireNonNull(sink, "sink");
        if (maxSegmentBytes > ChunkFormat.MAX_SEGMENT_BYTES) {
            throw new IllegalArgumentException("segment limit above the format's " + ChunkFormat.MAX_SEGMENT_BYTES);
        }
        int budget = target.payloadBudget();
        this.plaintext = new byte[ChunkFormat.INNER_HEADER_BYTES + budget];
        this.encoder = new SegmentEncoder(compression, plaintext, ChunkFormat.INNER_HEADER_BYTES, budget,
                Math.max(maxSegmentBytes, budget));
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        requireOpen();
        try {
            while (len > 0) {
                if (!encoder.isOpen()) {
                    encoder.start();
                }
                int n = encoder.write(b, off, len);
                if (n == 0) {
                    sealSegment(false);
                    continue;
                }
                off += n;
                len -= n;
                bytesWritten += n;
            }
        } catch (IOException | RuntimeException e) {
            abort();
            throw e;
        }
    }

    /**
     * Where the next byte written will land. Callers must write at least one more byte afterwards:
     * if the current segment is full, it is sealed now (as not last) so that the answer is final.
     */
    public StreamPosition positionOfNextByte() throws IOException {
        requireOpen();
        try {
            if (encoder.isOpen() && encoder.isFull()) {
                sealSegment(false);
            }
            if (!encoder.isOpen()) {
                encoder.start();
            }
        } catch (IOException | RuntimeException e) {
            abort();
            throw e;
        }
        return new StreamPosition(nextIndex, encoder.rawLength());
    }

    /** Seals the final chunk (an empty one if nothing was written) with the LAST flag. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            if (!encoder.isOpen()) {
                encoder.start();
            }
            sealSegment(true);
        } catch (IOException | RuntimeException e) {
            abort();
            throw e;
        } finally {
            closed = true;
            encoder.close();
        }
    }

    /**
     * Gives up without sealing anything more: after a failure, a LAST chunk would claim a
     * complete stream that is not.
     */
    public void abort() {
        closed = true;
        if (sealing != null) {
            sealing.cancel(true);
            sealing = null;
        }
        try {
            encoder.close();
        } catch (IOException e) {
            // Releasing the compressor's native memory failed; there is nothing left to save.
        }
    }

    /** Bytes written so far (the stream's raw length). */
    public long bytesWritten() {
        return bytesWritten;
    }

    /** Encoded bytes of every chunk sealed so far. */
    public long storedBytes() {
        return storedBytes;
    }

    /** The chunks sealed so far, in order. */
    public List<ManifestChunk> chunks() {
        return List.copyOf(chunks);
    }

    /**
     * Seals the segment just finished: hands the previous chunk to the sink, then seals this one
     * on a virtual thread (or, the last one, here) from a copy of its payload.
     */
    private void sealSegment(boolean last) throws IOException {
        SegmentEncoder.EncodedSegment segment = encoder.finish();
        if (nextIndex == Integer.MAX_VALUE) {
            throw new IOException("a stream holds at most " + Integer.MAX_VALUE + " chunks");
        }
        deliverSealed();
        int index = nextIndex++;
        if (last) {
            deliver(ChunkSealer.seal(key, index, true, plaintext, segment.payloadLength(), segment.codec(),
                    segment.rawLength()));
            return;
        }
        if (sealBuffer == null) {
            sealBuffer = new byte[plaintext.length];
        }
        byte[] copy = sealBuffer;
        System.arraycopy(plaintext, ChunkFormat.INNER_HEADER_BYTES, copy, ChunkFormat.INNER_HEADER_BYTES,
                segment.payloadLength());
        FutureTask<EncodedChunk> task = new FutureTask<>(() -> ChunkSealer.seal(key, index, false, copy,
                segment.payloadLength(), segment.codec(), segment.rawLength()));
        Thread.ofVirtual().name("chunk-sealer").start(task);
        sealing = task;
    }

    /** Waits for the chunk being sealed, if any, and hands it to the sink. */
    private void deliverSealed() throws IOException {
        if (sealing == null) {
            return;
        }
        Future<EncodedChunk> task = sealing;
        sealing = null;
        EncodedChunk chunk;
        try {
            chunk = task.get();
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while sealing a chunk");
        } catch (ExecutionException e) {
            throw Failures.asIOException(e.getCause());
        }
        deliver(chunk);
    }

    private void deliver(EncodedChunk chunk) throws IOException {
        if (chunk.size() > target.bytes()) {
            throw new IllegalStateException("chunk " + chunk.index() + " is " + chunk.size() + " bytes, over the target "
                    + target.bytes() + " (a bug in the size bound)");
        }
        storedBytes += chunk.size();
        chunks.add(chunk.toManifestChunk());
        sink.accept(chunk);
    }

    private void requireOpen() throws IOException {
        if (closed) {
            throw new IOException("chunk writer is closed");
        }
    }
}
