package dev.dos.core.ops;

import dev.dos.core.format.ChunkSink;
import dev.dos.core.format.EncodedChunk;
import dev.dos.core.io.Failures;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts sealed chunks to a batch's lanes while packing goes on, journaling each chunk in the
 * local index before (POSTING) and after (POSTED, with its remote ids) it is sent, so an
 * interrupted upload knows exactly which chunks the remote confirmed.
 *
 * <p>Chunks are grouped into posts of up to {@code chunksPerPost} blobs. Groups travel through a
 * queue of one to {@code workers} poster threads (virtual); worker {@code w} posts into lane
 * {@code w mod lanes}, so each lane (Discord: a thread, with its own message-create bucket) has
 * its own stream of posts and the lanes fill in parallel. Which lane a chunk lands in is recorded
 * in its journal row; readers never guess it.
 *
 * <p>Memory: packing blocks while the queue holds a group, so at most {@code workers + 2} groups
 * are held at once (one per worker posting, one queued, one being filled), whatever the input
 * size: about {@code (workers + 2) x chunksPerPost x chunk size}.
 *
 * <p>Closed before {@link #finish()} (packing failed or was interrupted), it drops the queued
 * group and gives the posts in flight {@link #GRACE} to be confirmed and journaled; after that
 * they are abandoned, their chunks stay POSTING, and resume looks for them on the remote.
 */
final class ChunkPoster implements ChunkSink, AutoCloseable {
    private static final List<EncodedChunk> END = List.of();
    private static final long WAIT_MILLIS = 100;
    static final Duration GRACE = Duration.ofSeconds(3);

    private final StorageRemote remote;
    private final MetadataStore metadata;
    private final List<String> lanes;
    private final int chunksPerPost;
    private final BlockingQueue<List<EncodedChunk>> queue = new ArrayBlockingQueue<>(1);
    private final List<Thread> workers = new ArrayList<>();
    private final ProgressListener listener;
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicInteger peakHeld = new AtomicInteger();
    private final AtomicLong postedBytes = new AtomicLong();
    private List<EncodedChunk> group = new ArrayList<>();
    private volatile Throwable failure;

    /** One worker, one lane: posts go one at a time, in order. */
    ChunkPoster(StorageRemote remote, MetadataStore metadata, String containerId, int chunksPerPost,
                ProgressListener listener) {
        this(remote, metadata, List.of(containerId), chunksPerPost, 1, listener);
    }

    ChunkPoster(StorageRemote remote, MetadataStore metadata, List<String> lanes, int chunksPerPost, int workers,
                ProgressListener listener) {
        if (lanes.isEmpty()) {
            throw new IllegalArgumentException("no lane to post into");
        }
        this.listener = listener;
        this.remote = remote;
        this.metadata = metadata;
        this.lanes = List.copyOf(lanes);
        this.chunksPerPost = Math.max(1, chunksPerPost);
        for (int w = 0; w < Math.max(1, workers); w++) {
            String lane = this.lanes.get(w % this.lanes.size());
            this.workers.add(Thread.ofVirtual().name("chunk-poster-" + w).start(() -> drain(lane)));
        }
    }

    @Override
    public void accept(EncodedChunk chunk) throws IOException {
        rethrowFailure();
        metadata.putChunks(List.of(ChunkRecord.planned(chunk.batchId().hex(), chunk.index(), chunk.size(),
                chunk.sha256(), chunk.plaintextBytes(), chunk.last())));
        if (group.isEmpty()) {
            peakHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
        }
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
            for (Thread worker : workers) {
                worker.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for uploads");
        }
        rethrowFailure();
        return postedBytes.get();
    }

    /** The most groups of chunks held at once so far (queued, being posted or being filled). */
    int peakHeldGroups() {
        return peakHeld.get();
    }

    private void enqueue(List<EncodedChunk> chunks) throws IOException {
        try {
            while (!queue.offer(chunks, WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                rethrowFailure();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while queueing a chunk");
        }
    }

    private void drain(String lane) {
        try {
            while (failure == null) {
                // Polled, not taken: a sibling's failure clears the queue, and can clear away the END
                // a waiting worker was just woken for; the failure check then ends the wait.
                List<EncodedChunk> chunks = queue.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
                if (chunks == null) {
                    continue;
                }
                if (chunks == END) {
                    queue.offer(END); // for the next worker
                    return;
                }
                try {
                    post(lane, chunks);
                } finally {
                    held.decrementAndGet();
                }
            }
        } catch (Throwable t) {
            synchronized (this) {
                if (failure == null) {
                    failure = t;
                }
            }
            queue.clear();
        }
    }

    private void post(String lane, List<EncodedChunk> chunks) throws IOException {
        String batchId = chunks.getFirst().batchId().hex();
        List<Integer> indexes = chunks.stream().map(EncodedChunk::index).toList();
        metadata.markChunksPosting(batchId, indexes);
        List<BlobUpload> blobs = chunks.stream()
                .map(c -> new BlobUpload(RemoteNames.chunk(c.batchId(), c.index()), c.bytes())).toList();
        Post post = remote.post(lane, "", blobs);
        Map<Integer, BlobRef> refs = new LinkedHashMap<>();
        for (int i = 0; i < chunks.size(); i++) {
            refs.put(chunks.get(i).index(), post.blobs().get(i).ref());
        }
        metadata.markChunksPosted(batchId, refs);
        // Progress counts what the remote confirmed, not what was packed: packing runs ahead.
        listener.advanced(chunks.stream().mapToLong(EncodedChunk::rawBytes).sum());
        postedBytes.addAndGet(chunks.stream().mapToLong(EncodedChunk::size).sum());
    }

    private void rethrowFailure() throws IOException {
        Throwable t = failure;
        if (t == null) {
            return;
        }
        throw Failures.asIOException(t);
    }

    @Override
    public void close() {
        if (workers.stream().noneMatch(Thread::isAlive)) {
            return;
        }
        queue.clear();
        // The caller may have been interrupted (Ctrl-C); waiting must not fail because of that.
        boolean interrupted = Thread.interrupted();
        long deadline = System.nanoTime() + GRACE.toNanos();
        queue.offer(END); // idle workers stop now, busy ones after their post
        try {
            for (Thread worker : workers) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    worker.join(Duration.ofNanos(left));
                }
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            workers.forEach(Thread::interrupt);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
