package dev.dos.s3.engine;

import dev.dos.core.crypto.MasterKey;
import dev.dos.core.io.Failures;
import dev.dos.core.remote.Blob;
import dev.dos.core.remote.BlobUpload;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.RemoteLimits;
import dev.dos.core.remote.StorageRemote;
import dev.dos.s3.engine.IndexRows.LanePost;
import dev.dos.s3.store.S3Exception;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * The committer (docs/FORMAT.md section 16.5): one thread that takes the changes waiting, checks
 * them against the state, seals them into one journal record, posts it with the small bodies'
 * packs as one commit post, and only once the remote confirmed that post applies the record to the
 * index and answers the callers. One commit post is in flight at a time, so the order of records is
 * the order of posts and of the local index. Concurrent callers share posts: while one post is out,
 * the next group gathers.
 *
 * <p>Other work that must not interleave with commits (a sync, a rebuild) runs on the same thread,
 * between groups, through {@link #run}.
 */
final class CommitBatcher implements AutoCloseable {
    /** Work run on the committer thread. */
    @FunctionalInterface
    interface Task {
        void run() throws IOException;
    }

    /** Checks before each commit post that this gateway still holds the store. */
    @FunctionalInterface
    interface LeaseCheck {
        void ensureValid() throws IOException;
    }

    private record TaskItem(Task task, CompletableFuture<Void> done) {
    }

    private static final Object STOP = new Object();
    /** A record above this is never built: the group closes first. */
    static final int MAX_RECORD_BYTES = 4 * 1024 * 1024;

    private final StorageRemote remote;
    private final MasterKey key;
    private final S3Index index;
    private final String storeId;
    private final List<String> lanes;
    private final S3StoreOptions options;
    private final RemoteLimits limits;
    private final int blobTarget;
    private final LeaseCheck lease;
    private final JournalSync sync;
    private final LongConsumer afterCommit;
    private final Clock clock;
    private final LinkedBlockingDeque<Object> queue = new LinkedBlockingDeque<>();
    private final Thread thread;
    private final List<LanePost> abandoned = new ArrayList<>();
    private long lastSeq;
    private boolean mustSync;
    private volatile boolean closed;

    CommitBatcher(StorageRemote remote, MasterKey key, S3Index index, String storeId, List<String> lanes,
                  S3StoreOptions options, RemoteLimits limits, int blobTarget, LeaseCheck lease, JournalSync sync,
                  LongConsumer afterCommit) throws IOException {
        this.remote = remote;
        this.key = key;
        this.index = index;
        this.storeId = storeId;
        this.lanes = List.copyOf(lanes);
        this.options = options;
        this.limits = limits;
        this.blobTarget = blobTarget;
        this.lease = lease;
        this.sync = sync;
        this.afterCommit = afterCommit;
        this.clock = options.clock();
        this.lastSeq = index.state().seq();
        this.thread = Thread.ofPlatform().daemon().name("dos-s3-committer").start(this::loop);
    }

    /** Commits {@code intent} with the next group and returns its result, or its refusal. */
    <T> T submit(Intent<T> intent) throws IOException {
        if (closed) {
            intent.release();
            throw new IOException("the S3 store is closed");
        }
        queue.add(intent);
        failIfStopped();
        return await(intent.done);
    }

    /** Queues {@code intent} without waiting; its future completes once it is committed. */
    <T> CompletableFuture<T> submitAsync(Intent<T> intent) throws IOException {
        if (closed) {
            intent.release();
            throw new IOException("the S3 store is closed");
        }
        queue.add(intent);
        failIfStopped();
        return intent.done;
    }

    /** Runs {@code task} on the committer thread, between commits, and waits for it. */
    void run(Task task) throws IOException {
        if (Thread.currentThread() == thread) {
            task.run();
            return;
        }
        if (closed) {
            throw new IOException("the S3 store is closed");
        }
        TaskItem item = new TaskItem(task, new CompletableFuture<>());
        queue.add(item);
        failIfStopped();
        await(item.done());
    }

    /** The last record number this committer used. */
    long lastSeq() {
        return lastSeq;
    }

    // ---- the loop ----------------------------------------------------------------------------

    private void loop() {
        while (true) {
            Object first;
            try {
                first = queue.take();
            } catch (InterruptedException e) {
                failQueued(new InterruptedIOException("the S3 store was stopped"));
                return;
            }
            if (first == STOP) {
                failQueued(new IOException("the S3 store is closed"));
                return;
            }
            if (first instanceof TaskItem item) {
                runTask(item);
                continue;
            }
            List<Intent<?>> group = gather((Intent<?>) first);
            commit(group);
        }
    }

    private void runTask(TaskItem item) {
        try {
            item.task().run();
            lastSeq = Math.max(lastSeq, index.state().seq());
            item.done().complete(null);
        } catch (Throwable t) {
            item.done().completeExceptionally(t);
        }
    }

    /** Raw record bytes a group may reach: it must seal into one chunk of the blob target. */
    private int recordBudget() {
        return Math.min(MAX_RECORD_BYTES, blobTarget / 2);
    }

    private PackBuilder newPack() {
        int maxBlobs = Math.max(1, limits.maxBlobsPerPost() - 1);
        long maxTotal = Math.max(blobTarget, limits.maxPostBytes() - Math.min(limits.maxPostBytes() / 4,
                MAX_RECORD_BYTES + 64 * 1024));
        return new PackBuilder(blobTarget, maxBlobs, maxTotal);
    }

    /** The first intent and those that join it: until the post is full or the delay has passed. */
    private List<Intent<?>> gather(Intent<?> first) {
        List<Intent<?>> group = new ArrayList<>();
        PackBuilder pack = newPack();
        pack.tryAdd(first.packed());
        group.add(first);
        int recordBytes = first.estimate();
        long deadline = System.nanoTime() + options.commitDelay().toNanos();
        while (group.size() < options.maxCommitEntries()) {
            Object next;
            try {
                long wait = deadline - System.nanoTime();
                next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (next == null) {
                break;
            }
            if (!(next instanceof Intent<?> intent) || recordBytes + intent.estimate() > recordBudget()
                    || !pack.tryAdd(intent.packed())) {
                queue.addFirst(next);
                break;
            }
            group.add(intent);
            recordBytes += intent.estimate();
        }
        return group;
    }

    private record Outcome(List<JournalEntry> entries, List<Throwable> refusals) {
    }

    private void commit(List<Intent<?>> group) {
        try {
            lease.ensureValid();
            if (mustSync) {
                sync.catchUp();
                lastSeq = Math.max(lastSeq, index.state().seq());
                mustSync = false;
                deleteAbandoned();
            }
            PackBuilder pack = newPack();
            group.forEach(intent -> pack.tryAdd(intent.packed()));
            PackBuilder.Layout layout = pack.build();
            Outcome outcome = check(group, layout);
            if (outcome.entries().isEmpty()) {
                finish(group, outcome.refusals());
                return;
            }
            long seq = lastSeq + 1;
            lastSeq = seq;
            byte[] record = Sealing.sealRecord(key, JournalCodec.record(new JournalCodec.Header(JournalCodec.JOURNAL,
                    storeId, seq, clock.millis(), List.of(), List.of()), outcome.entries()), blobTarget);
            List<BlobUpload> blobs = new ArrayList<>();
            for (int k = 0; k < layout.blobs().size(); k++) {
                blobs.add(new BlobUpload(S3Names.pack(storeId, seq, k), layout.blobs().get(k)));
            }
            String text = S3Names.COMMIT_PREFIX + seq;
            String encoded = Base64.getEncoder().encodeToString(record);
            if (text.length() + 1 + encoded.length() <= limits.maxTextChars()) {
                text = text + "\n" + encoded;
            } else {
                text = text + " blob";
                blobs.add(new BlobUpload(S3Names.record(storeId, seq), record));
            }
            int lane = (int) (seq % lanes.size());
            Post post;
            try {
                post = remote.post(lanes.get(lane), text, blobs);
            } catch (IOException | RuntimeException e) {
                mustSync = true;
                group.forEach(intent -> abandoned.addAll(intent.dataPosts()));
                throw e;
            }
            apply(seq, lane, post, outcome.entries());
            finish(group, outcome.refusals());
            afterCommit.accept(seq);
        } catch (Throwable t) {
            for (Intent<?> intent : group) {
                intent.done.completeExceptionally(t);
                intent.release();
            }
        }
    }

    /** A dry run of the group on the index: which intents S3 accepts, and their entries. */
    private Outcome check(List<Intent<?>> group, PackBuilder.Layout layout) throws IOException {
        List<Throwable> refusals = new ArrayList<>();
        List<JournalEntry> entries = new ArrayList<>();
        List<String> fakeBlobs = new ArrayList<>();
        for (int k = 0; k <= layout.blobs().size(); k++) {
            fakeBlobs.add("0");
        }
        index.db().dryRun(c -> {
            StateApplier applier = new StateApplier(c, 0, "0", fakeBlobs);
            int packed = 0;
            for (Intent<?> intent : group) {
                List<ChunkLoc> locs = intent.packed().isEmpty() ? List.of() : layout.locations().get(packed++);
                savepoint(c, "SAVEPOINT intent");
                try {
                    List<JournalEntry> mine = intent.resolve(c, locs);
                    for (JournalEntry entry : mine) {
                        applier.apply(entry);
                    }
                    savepoint(c, "RELEASE intent");
                    entries.addAll(mine);
                    refusals.add(null);
                } catch (S3Exception refused) {
                    savepoint(c, "ROLLBACK TO intent");
                    savepoint(c, "RELEASE intent");
                    refusals.add(refused);
                }
            }
            applier.finish();
            return null;
        });
        return new Outcome(entries, refusals);
    }

    /** The record is on the remote: apply it for good, in one transaction. */
    private void apply(long seq, int lane, Post post, List<JournalEntry> entries) throws IOException {
        try {
            index.db().write(c -> {
                StateApplier applier = new StateApplier(c, lane, post.id(), post.blobs().stream()
                        .map(b -> b.ref().blobId()).toList());
                applier.apply(new JournalEntry.PostEntry(lane, post.id(),
                        post.blobs().stream().mapToLong(Blob::size).sum(), seq));
                for (JournalEntry entry : entries) {
                    applier.apply(entry);
                }
                applier.finish();
                S3Index.setMeta(c, S3Index.SEQ, seq);
                JournalSync.advanceCursor(c, lane, post.id());
                return null;
            });
        } catch (IOException | RuntimeException e) {
            mustSync = true; // the record is posted: the next sync applies it
            throw e;
        }
    }

    private static void savepoint(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void finish(List<Intent<?>> group, List<Throwable> refusals) {
        for (int i = 0; i < group.size(); i++) {
            Intent intent = group.get(i);
            Throwable refused = refusals.get(i);
            if (refused == null) {
                intent.done.complete(intent.result());
            } else {
                intent.done.completeExceptionally(refused);
            }
            intent.release();
        }
    }

    /** Data posts of failed commits that no record (found by the sync) took up: deleted. */
    private void deleteAbandoned() throws IOException {
        if (abandoned.isEmpty()) {
            return;
        }
        List<LanePost> orphans = index.orphans();
        List<LanePost> gone = new ArrayList<>();
        for (LanePost post : abandoned) {
            if (orphans.contains(post)) {
                remote.deletePost(lanes.get(post.lane()), post.postId());
                gone.add(post);
            }
        }
        index.removePending(gone);
        abandoned.clear();
    }

    /** Work queued after the committer stopped would wait forever: fail it. */
    private void failIfStopped() {
        if (closed && !thread.isAlive()) {
            failQueued(new IOException("the S3 store is closed"));
        }
    }

    private void failQueued(IOException why) {
        for (Object item; (item = queue.poll()) != null; ) {
            if (item instanceof Intent<?> intent) {
                intent.done.completeExceptionally(why);
                intent.release();
            } else if (item instanceof TaskItem task) {
                task.done().completeExceptionally(why);
            }
        }
    }

    private static <T> T await(CompletableFuture<T> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a commit");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof S3Exception s3) {
                throw new S3Exception(s3.error(), s3.getMessage());
            }
            throw Failures.asIOException(cause);
        }
    }

    /** Commits what is queued, then stops. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(STOP);
        try {
            thread.join(Duration.ofMinutes(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failIfStopped();
    }

    /** Stops at once (a simulated crash): nothing queued is committed. */
    void kill() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failIfStopped();
    }
}
