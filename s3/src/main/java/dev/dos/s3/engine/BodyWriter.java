package dev.dos.s3.engine;

import dev.dos.core.compress.Compression;
import dev.dos.core.crypto.KeyPurpose;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.crypto.StreamKey;
import dev.dos.core.format.BatchId;
import dev.dos.core.format.ChunkTarget;
import dev.dos.core.format.ChunkWriter;
import dev.dos.core.format.EncodedChunk;
import dev.dos.core.remote.StorageRemote;
import dev.dos.s3.store.Etags;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * Turns a request body into a sealed data stream (docs/FORMAT.md section 16.2), hashing it for
 * its ETag on the way. A small body is read whole and sealed into (nearly always) one chunk that
 * waits, in memory, for a commit post's pack; a big one is sealed as it streams in and its chunks
 * are posted at once, so that memory stays at a few chunks whatever its size.
 *
 * <p>Memory is bounded twice: small bodies waiting for their commit together hold at most
 * {@code bufferedSmallBytes} (further small PUTs wait), and at most lanes + 1 big bodies are sealed
 * at once (each holds two chunk buffers of the blob target).
 */
final class BodyWriter {
    private static final int KIB = 1024;

    /**
     * A sealed body.
     *
     * @param packed    a small body's chunks, for the commit post's pack (empty for a big body)
     * @param posted    a big body's data: its posted chunks and the data posts holding them
     */
    record Written(String dataId, long size, String md5, List<EncodedChunk> packed, DataPoster.Result posted,
                   Semaphore budget, int permits) implements AutoCloseable {
        boolean small() {
            return posted == null;
        }

        long packedBytes() {
            return packed.stream().mapToLong(EncodedChunk::size).sum();
        }

        /** Frees the memory a small body held. */
        @Override
        public void close() {
            if (budget != null && permits > 0) {
                budget.release(permits);
            }
        }
    }

    private final MasterKey key;
    private final Compression compression;
    private final ChunkTarget blobTarget;
    private final int chunksPerPost;
    private final long smallObjectBytes;
    private final LanePoster poster;
    private final StorageRemote remote;
    private final List<String> lanes;
    private final S3Index index;
    private final Semaphore smallBudget;
    private final Semaphore bigStreams;

    BodyWriter(MasterKey key, S3StoreOptions options, ChunkTarget blobTarget, int chunksPerPost, LanePoster poster,
               StorageRemote remote, List<String> lanes, S3Index index) {
        this.key = key;
        this.compression = options.compression();
        this.blobTarget = blobTarget;
        this.chunksPerPost = chunksPerPost;
        this.smallObjectBytes = options.smallObjectBytes();
        this.poster = poster;
        this.remote = remote;
        this.lanes = lanes;
        this.index = index;
        this.smallBudget = new Semaphore((int) Math.min(Integer.MAX_VALUE, options.bufferedSmallBytes() / KIB + 1), true);
        this.bigStreams = new Semaphore(lanes.size() + 1, true);
    }

    /**
     * Reads and seals {@code body}: exactly {@code length} bytes, or to its end when -1. A body
     * that fails or ends early is an {@link IOException}, and nothing of it stays posted.
     */
    Written write(InputStream body, long length) throws IOException {
        MessageDigest md5 = Etags.md5();
        String dataId = BatchId.random().hex();
        if (length >= 0 && length < smallObjectBytes) {
            int permits = acquire(length);
            try {
                byte[] bytes = readExactly(body, (int) length);
                md5.update(bytes);
                return small(dataId, bytes, bytes.length, md5, permits);
            } catch (IOException | RuntimeException e) {
                smallBudget.release(permits);
                throw e;
            }
        }
        byte[] prefix = new byte[0];
        if (length < 0 && smallObjectBytes > 0) {
            int permits = acquire(smallObjectBytes);
            try {
                prefix = body.readNBytes((int) smallObjectBytes);
                md5.update(prefix);
                if (prefix.length < smallObjectBytes) {
                    return small(dataId, prefix, prefix.length, md5, permits);
                }
            } catch (IOException | RuntimeException e) {
                smallBudget.release(permits);
                throw e;
            }
            smallBudget.release(permits);
        }
        return big(dataId, prefix, body, length, md5);
    }

    private Written small(String dataId, byte[] bytes, int length, MessageDigest md5, int permits)
            throws IOException {
        StreamKey streamKey = key.streamKey(KeyPurpose.S3_OBJECT, BatchId.parse(dataId).bytes());
        List<EncodedChunk> chunks = Sealing.seal(streamKey, compression, bytes, 0, length, blobTarget.bytes());
        return new Written(dataId, length, HexFormat.of().formatHex(md5.digest()), chunks, null, smallBudget,
                permits);
    }

    private Written big(String dataId, byte[] prefix, InputStream body, long length, MessageDigest md5)
            throws IOException {
        try {
            bigStreams.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to store a body");
        }
        StreamKey streamKey = key.streamKey(KeyPurpose.S3_OBJECT, BatchId.parse(dataId).bytes());
        DataPoster sink = new DataPoster(poster, remote, lanes, i -> S3Names.dataChunk(dataId, i), chunksPerPost);
        ChunkWriter writer = new ChunkWriter(streamKey, compression, blobTarget, sink);
        boolean done = false;
        try {
            writer.write(prefix);
            long size = prefix.length;
            byte[] buffer = new byte[64 * KIB];
            while (length < 0 || size < length) {
                int want = length < 0 ? buffer.length : (int) Math.min(buffer.length, length - size);
                int n = body.read(buffer, 0, want);
                if (n < 0) {
                    if (length >= 0) {
                        throw new EOFException("the body ended after " + size + " of " + length + " bytes");
                    }
                    break;
                }
                md5.update(buffer, 0, n);
                writer.write(buffer, 0, n);
                size += n;
            }
            writer.close();
            DataPoster.Result posted = sink.finish();
            done = true;
            return new Written(dataId, size, HexFormat.of().formatHex(md5.digest()), List.of(), posted, null, 0);
        } finally {
            if (!done) {
                writer.abort();
                sink.abort(index);
            }
            bigStreams.release();
        }
    }

    private int acquire(long bytes) throws InterruptedIOException {
        int permits = (int) (bytes / KIB + 1);
        try {
            smallBudget.acquire(permits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for memory");
        }
        return permits;
    }

    private static byte[] readExactly(InputStream body, int length) throws IOException {
        byte[] bytes = body.readNBytes(length);
        if (bytes.length != length) {
            throw new EOFException("the body ended after " + bytes.length + " of " + length + " bytes");
        }
        return bytes;
    }
}
