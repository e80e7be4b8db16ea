package dev.dos.core.ops;

import dev.dos.core.format.ChunkSink;
import dev.dos.core.format.EncodedChunk;
import dev.dos.core.meta.ChunkRecord;
import dev.dos.core.meta.MetadataStore;
import dev.dos.core.remote.BlobRef;
import dev.dos.core.remote.BlobUpload;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.StorageRemote;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Posts sealed chunks to a batch's container while packing goes on, journaling each chunk in the
 * local index before (POSTING) and after (POSTED, with its remote ids) it is sent, so an
 * interrupted upload knows exactly which chunks the remote confirmed.
 *
 * <p>Chunks are grouped into posts of up to {@code chunksPerPost} blobs. Groups travel through a
 * bounded queue to one poster thread, so packing runs ahead by at most one group and memory
 * stays at a few groups of chunks whatever the input size.
 *
 * <p>Closed before {@link #finish()} (packing failed or was interrupted), it drops the queued
 * groups and gives the post in flight {@link #GRACE} to be confirmed and journaled; after that
 * the post is abandoned, its chunks stay POSTING, and resume looks for them on the remote.
 */
final class ChunkPoster implements ChunkSink, AutoCloseable {
    private static final List<EncodedChunk> END = List.of();
    static final Duration GRACE = Duration.ofSeconds(3);

    private final StorageRemote remote;
    private final MetadataStore metadata;
    private final String containerId;
    private final int chunksPerPost;
    private final BlockingQueue<List<EncodedChunk>> queue = new ArrayBlockingQueue<>(1);
    private final Thread worker;
    private List<EncodedChunk> group = new ArrayList<>();
    private final ProgressListener listener;
    private volatile Throwable failure;
    private long postedBytes;

    ChunkPoster(StorageRemote remote, MetadataStore metadata, String containerId, int chunksPerPost,
                ProgressListener listener) {
        this.listener = listener;
        this.remote = remote;
        this.metadata = metadata;
        this.containerId = containerId;
        this.chunksPerPost = Math.max(1, chunksPerPost);
        this.worker = Thread.ofVirtual().name("chunk-poster").start(this::drain);
    }

    @Override
    public void accept(EncodedChunk chunk) throws IOException {
        rethrowFailure();
        metadata.putChunks(List.of(ChunkRecord.planned(chunk.batchId().hex(), chunk.index(), chunk.size(),
                chunk.sha256(), chunk.plaintextBytes(), chunk.last())));
        group.add(chunk);
        if (group.size() >= chunksPerPost || chunk.last()) {
            enqueue(group);
            group = new ArrayList<>();
        }
    }

    /** Waits until every accepted chunk is confirmed by the remote; rethrows the first failure. */
    long finish() throws IOException {
        if (!group.isEmpty()) {
            enqueue(group);
            group = new ArrayList<>();
        }
        enqueue(END);
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for uploads");
        }
        rethrowFailure();
        return postedBytes;
    }

    private void enqueue(List<EncodedChunk> chunks) throws IOException {
        try {
            while (!queue.offer(chunks, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                rethrowFailure();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while queueing a chunk");
        }
    }

    private void drain() {
        try {
            while (true) {
                List<EncodedChunk> chunks = queue.take();
                if (chunks == END) {
                    return;
                }
                post(chunks);
            }
        } catch (Throwable t) {
            failure = t;
            queue.clear();
        }
    }

    private void post(List<EncodedChunk> chunks) throws IOException {
        String batchId = chunks.getFirst().batchId().hex();
        List<Integer> indexes = chunks.stream().map(EncodedChunk::index).toList();
        metadata.markChunksPosting(batchId, indexes);
        List<BlobUpload> blobs = chunks.stream()
                .map(c -> new BlobUpload(RemoteNames.chunk(c.batchId(), c.index()), c.bytes())).toList();
        Post post = remote.post(containerId, "", blobs);
        Map<Integer, BlobRef> refs = new LinkedHashMap<>();
        for (int i = 0; i < chunks.size(); i++) {
            refs.put(chunks.get(i).index(), post.blobs().get(i).ref());
        }
        metadata.markChunksPosted(batchId, refs);
        // Progress counts what the remote confirmed, not what was packed: packing runs ahead.
        listener.advanced(chunks.stream().mapToLong(EncodedChunk::rawBytes).sum());
        long bytes = chunks.stream().mapToLong(EncodedChunk::size).sum();
        postedBytes += bytes;
    }

    private void rethrowFailure() throws IOException {
        Throwable t = failure;
        if (t == null) {
            return;
        }
        if (t instanceof IOException io) {
            throw io;
        }
        if (t instanceof RuntimeException re) {
            throw re;
        }
        throw new IOException(t);
    }

    @Override
    public void close() {
        if (!worker.isAlive()) {
            return;
        }
        queue.clear();
        queue.offer(END);
        // The caller may have been interrupted (Ctrl-C); waiting must not fail because of that.
        boolean interrupted = Thread.interrupted();
        try {
            worker.join(GRACE);
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            worker.interrupt();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
