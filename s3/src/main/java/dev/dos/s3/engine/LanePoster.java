package dev.dos.s3.engine;

import dev.dos.core.remote.BlobUpload;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.StorageRemote;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The store's data posters: one worker per lane (worker k posts into lane k, its own Discord
 * rate-limit bucket), all taking posts from one short queue. A producer blocks while the queue is
 * full, so the bytes waiting for a lane stay at {@code capacity} posts plus one per worker, however
 * many bodies stream in. Each post is recorded as pending in the index as soon as the remote
 * confirms it, before its submitter hears of it: a post that no record ever refers to can then be
 * found and deleted (docs/FORMAT.md section 16.5).
 */
final class LanePoster implements AutoCloseable {
    private static final long WAIT_MILLIS = 100;

    /** A confirmed post and the lane it is in. */
    record Posted(int lane, Post post) {
    }

    private record Job(String text, List<BlobUpload> blobs, CompletableFuture<Posted> done) {
    }

    private final StorageRemote remote;
    private final List<String> lanes;
    private final S3Index index;
    private final BlockingQueue<Job> queue;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean closed;

    LanePoster(StorageRemote remote, List<String> lanes, S3Index index, int capacity) {
        this.remote = remote;
        this.lanes = List.copyOf(lanes);
        this.index = index;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, capacity));
        for (int k = 0; k < this.lanes.size(); k++) {
            int lane = k;
            workers.add(Thread.ofVirtual().name("dos-s3-lane-" + k).start(() -> drain(lane)));
        }
    }

    /** Queues a post (blocking while the queue is full); the future completes once the remote confirmed it. */
    CompletableFuture<Posted> submit(String text, List<BlobUpload> blobs) throws IOException {
        Job job = new Job(text, List.copyOf(blobs), new CompletableFuture<>());
        try {
            while (!queue.offer(job, WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                if (closed) {
                    throw new IOException("the S3 store is closing");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a lane");
        }
        return job.done();
    }

    private void drain(int lane) {
        while (true) {
            Job job;
            try {
                job = queue.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (job == null) {
                if (closed) {
                    return;
                }
                continue;
            }
            try {
                Post post = remote.post(lanes.get(lane), job.text(), job.blobs());
                index.addPending(lane, post.id());
                job.done().complete(new Posted(lane, post));
            } catch (Throwable t) {
                job.done().completeExceptionally(t);
            }
        }
    }

    /** Lets queued posts go out, then stops the workers. */
    @Override
    public void close() {
        closed = true;
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    /** Stops at once (a simulated crash): queued posts are dropped. */
    void kill() {
        closed = true;
        List<Job> dropped = new ArrayList<>();
        queue.drainTo(dropped);
        dropped.forEach(job -> job.done().completeExceptionally(new IOException("the S3 store was stopped")));
        workers.forEach(Thread::interrupt);
    }
}
