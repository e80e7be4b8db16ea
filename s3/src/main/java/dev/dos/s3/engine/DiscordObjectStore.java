package dev.dos.s3.engine;

import dev.dos.core.crypto.MasterKey;
import dev.dos.core.format.BatchId;
import dev.dos.core.format.ChunkTarget;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.PostPages;
import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.RemoteLimits;
import dev.dos.core.remote.StorageRemote;
import dev.dos.s3.engine.IndexRows.LanePost;
import dev.dos.s3.engine.IndexRows.StoredObject;
import dev.dos.s3.store.Bucket;
import dev.dos.s3.store.CompletedPart;
import dev.dos.s3.store.Names;
import dev.dos.s3.store.ObjectInfo;
import dev.dos.s3.store.ObjectMeta;
import dev.dos.s3.store.ObjectStore;
import dev.dos.s3.store.Part;
import dev.dos.s3.store.S3Error;
import dev.dos.s3.store.S3Exception;
import dev.dos.s3.store.Upload;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link ObjectStore} whose objects live on a dos remote (Discord), in the format of
 * docs/FORMAT.md section 16: long-lived lanes, small objects packed into shared commit posts, big
 * ones posted as they stream, every change a journal record, checkpoints on a card, one writer at a
 * time by lease. The local index ({@code <data dir>/s3.db}) answers every listing and lookup; it can
 * be rebuilt from the remote alone ({@link #rebuild}).
 *
 * <p>An object is visible only once its data and its record are on the remote. Thread-safe.
 */
public final class DiscordObjectStore implements ObjectStore {
    private static final Logger log = LoggerFactory.getLogger(DiscordObjectStore.class);
    /** The local index's file in the data directory given to {@link #open}. */
    public static final String INDEX_FILE = "s3.db";
    /** Posts compaction could delete (no live data, record covered) that make it run on its own. */
    static final int DELETABLE_POSTS_TO_COMPACT = 1000;

    private final StorageRemote remote;
    private final MasterKey key;
    private final S3StoreOptions options;
    private final DataDirLock dirLock;
    private final S3Index index;
    private final Lease lease;
    private final List<String> lanes;
    private final String storeId;
    private final LanePoster poster;
    private final BodyWriter bodies;
    private final JournalSync journal;
    private final Checkpointer checkpointer;
    private final CommitBatcher committer;
    private final Compactor compactor;
    private final AtomicReference<StoreCard> card;
    private final Object checkpointLock = new Object();
    private final AtomicBoolean checkpointRunning = new AtomicBoolean();
    private final AtomicBoolean compactionRunning = new AtomicBoolean();
    private final List<Thread> background = new ArrayList<>();
    private volatile boolean closed;

    private DiscordObjectStore(StorageRemote remote, MasterKey key, S3StoreOptions options, DataDirLock dirLock,
                               S3Index index, Lease lease, StoreCard card, RemoteLimits limits) throws IOException {
        this.remote = remote;
        this.key = key;
        this.options = options;
        this.dirLock = dirLock;
        this.index = index;
        this.lease = lease;
        this.card = new AtomicReference<>(card);
        this.lanes = card.lanes();
        this.storeId = card.storeId();
        ChunkTarget target = ChunkTarget.forBlobLimit(limits.maxBlobBytes());
        int chunksPerPost = limits.blobsPerPost(target.bytes());
        this.poster = new LanePoster(remote, lanes, index, 1);
        this.bodies = new BodyWriter(key, options, target, chunksPerPost, poster, remote, lanes, index);
        this.journal = new JournalSync(remote, key, index);
        this.checkpointer = new Checkpointer(remote, key, index, poster, target, chunksPerPost, options.clock());
        try {
            startUp(card);
            deleteOrphans();
            this.committer = new CommitBatcher(remote, key, index, storeId, lanes, options, limits, target.bytes(),
                    lease::ensureValid, journal, this::afterCommit);
        } catch (IOException | RuntimeException e) {
            poster.close();
            throw e;
        }
        this.compactor = new Compactor(remote, key, index, lanes, committer, () -> checkpoint(), options.sparseRatio());
        lease.startRenewing(options.leaseRenewEvery());
    }

    /**
     * Opens the store of {@code key} on {@code remote}, with its local index in {@code dataDir}: takes
     * the lease (or refuses with a {@link LeaseRefusedException} naming the holder), creates the store
     * if the remote has none, rebuilds the index if it is new or behind the card, else catches up
     * with the journal, and deletes the data posts of uploads that never committed.
     */
    public static DiscordObjectStore open(StorageRemote remote, MasterKey key, Path dataDir, S3StoreOptions options)
            throws IOException {
        DataDirLock dirLock = DataDirLock.acquire(dataDir);
        S3Index index = null;
        Lease lease = null;
        try {
            index = S3Index.open(dataDir.resolve(INDEX_FILE));
            String fingerprint = key.fingerprint().hex();
            Optional<String> known = index.meta(S3Index.KEY);
            if (known.isPresent() && !known.get().equals(fingerprint)) {
                throw new IOException("the S3 index " + index.db().file() + " belongs to key " + known.get()
                        + ", not to this key (" + fingerprint + "); use another data directory");
            }
            String holder = index.meta(S3Index.HOLDER).orElse(BatchId.random().hex());
            index.db().write(c -> {
                S3Index.setMeta(c, S3Index.KEY, fingerprint);
                S3Index.setMeta(c, S3Index.HOLDER, holder);
                return null;
            });
            Lease.Acquired acquired = Lease.acquire(remote, fingerprint, holder, options);
            lease = acquired.lease();
            RemoteLimits limits = remote.limits();
            StoreCard card = findCard(remote, acquired.pinned(), fingerprint).orElse(null);
            if (card == null) {
                card = create(remote, fingerprint, options);
            }
            return new DiscordObjectStore(remote, key, options, dirLock, index, lease, card, limits);
        } catch (IOException | RuntimeException e) {
            if (lease != null) {
                lease.close();
            }
            if (index != null) {
                index.close();
            }
            dirLock.close();
            throw e;
        }
    }

    /**
     * Whether {@code remote} holds an S3 store of {@code key}: its card among the index area's pinned
     * posts (one request). {@code dos sync} asks before {@link #open}, which would create one.
     */
    public static boolean exists(StorageRemote remote, MasterKey key) throws IOException {
        String area = remote.areaId(StorageRemote.Area.INDEX);
        return StoreCard.find(remote.pinnedPosts(area), key.fingerprint().hex()).isPresent();
    }

    /** The store's card: among the pinned posts, else (pins removed) anywhere in the index area, pinned again. */
    private static Optional<StoreCard> findCard(StorageRemote remote, List<Post> pinned, String fingerprint)
            throws IOException {
        Optional<StoreCard> card = StoreCard.find(pinned, fingerprint);
        if (card.isPresent()) {
            return card;
        }
        String area = remote.areaId(StorageRemote.Area.INDEX);
        List<Post> found = new ArrayList<>();
        PostPages.forEach(remote, area, null, post -> {
            if (post.ours() && post.text().contains(StoreCard.MARKER)) {
                found.add(0, post);
            }
        });
        card = StoreCard.find(found, fingerprint);
        if (card.isPresent()) {
            remote.pin(area, card.get().postId());
        }
        return card;
    }

    /** A new store: its lanes, then its card (pinned). */
    private static StoreCard create(StorageRemote remote, String fingerprint, S3StoreOptions options)
            throws IOException {
        String storeId = BatchId.random().hex();
        List<String> lanes = new ArrayList<>();
        for (int k = 0; k < options.lanes(); k++) {
            lanes.add(remote.createContainer(S3Names.lane(storeId, k)));
        }
        StoreCard card = new StoreCard(null, storeId, fingerprint, lanes, 0, null, 0, List.of());
        String area = remote.areaId(StorageRemote.Area.INDEX);
        Post post = remote.post(area, card.render(), List.of());
        remote.pin(area, post.id());
        log.info("created S3 store {} with {} lanes", storeId, lanes.size());
        return card.withPostId(post.id());
    }

    /** Brings the index to the card: the same store caught up, or rebuilt. */
    private void startUp(StoreCard card) throws IOException {
        S3Index.StoreState state = index.state();
        if (!card.storeId().equals(state.storeId()) || card.seq() > state.seq() || state.lanes().isEmpty()) {
            rebuildFrom(card);
        } else {
            index.db().write(c -> {
                S3Index.setMeta(c, S3Index.CARD, card.postId());
                return null;
            });
            journal.catchUp();
        }
    }

    /** Empties the index and reads the store again: the card's checkpoint, then the journal after it. */
    private void rebuildFrom(StoreCard card) throws IOException {
        index.db().write(c -> {
            S3Index.wipe(c);
            S3Index.setMeta(c, S3Index.STORE, card.storeId());
            S3Index.setMeta(c, S3Index.CARD, card.postId());
            List<String> cursors = new ArrayList<>();
            card.lanes().forEach(l -> cursors.add(null));
            S3Index.setLanes(c, card.lanes(), cursors);
            if (card.checkpointId() != null) {
                StateApplier applier = StateApplier.forCheckpoint(c);
                try {
                    checkpointer.read(card, new Checkpointer.Reader() {
                        @Override
                        public void header(JournalCodec.Header header) throws IOException, SQLException {
                            if (!header.kind().equals(JournalCodec.CHECKPOINT) || !header.store().equals(card.storeId())
                                    || header.seq() != card.seq() || !header.lanes().equals(card.lanes())) {
                                throw new IOException("the checkpoint does not match the S3 store's card");
                            }
                            S3Index.setLanes(c, header.lanes(), header.cursors());
                        }

                        @Override
                        public void entry(JournalEntry entry) throws IOException, SQLException {
                            applier.apply(entry);
                        }
                    });
                } catch (S3Exception e) {
                    throw new IOException("the checkpoint does not apply: " + e.getMessage(), e);
                }
                applier.finish();
                S3Index.setMeta(c, S3Index.DEAD_BYTES, 0);
                S3Index.setMeta(c, S3Index.SEQ, card.seq());
                S3Index.setMeta(c, S3Index.CHECKPOINT_SEQ, card.seq());
                S3Index.setMeta(c, S3Index.CHECKPOINT_ID, card.checkpointId());
                S3Index.setMeta(c, S3Index.CHECKPOINT_CHUNKS, card.checkpointChunks());
                S3Index.setMeta(c, S3Index.CHECKPOINT_POSTS, String.join(",",
                        card.checkpointPosts().stream().map(LanePost::toString).toList()));
            }
            journal.catchUp();
            return null;
        });
    }

    /** Deletes data posts that no record took up (an upload interrupted before its commit). */
    private void deleteOrphans() throws IOException {
        List<LanePost> orphans = index.orphans();
        for (LanePost post : orphans) {
            remote.deletePost(lanes.get(post.lane()), post.postId());
        }
        index.removePending(orphans);
        if (!orphans.isEmpty()) {
            log.info("deleted {} data posts of uploads that never committed", orphans.size());
        }
    }

    // ---- the CLI's entry points --------------------------------------------------------------

    /**
     * Catches up with the remote (an incremental {@code dos sync}): reads the card and each lane
     * after its cursor. Idle, that is one request per lane plus one. A card whose checkpoint is newer
     * than what the index applied means a rebuild.
     */
    public void sync() throws IOException {
        committer.run(() -> {
            StoreCard now = readCard();
            if (!now.storeId().equals(storeId)) {
                throw new IOException("the S3 store's card now names another store (" + now.storeId()
                        + "); rebuild the index");
            }
            if (now.seq() > index.state().seq()) {
                rebuildFrom(now);
            } else {
                journal.catchUp();
            }
            card.set(now);
        });
    }

    /** Rebuilds the local index from the remote alone ({@code dos sync --reset}). */
    public void rebuild() throws IOException {
        committer.run(() -> {
            StoreCard now = readCard();
            rebuildFrom(now);
            card.set(now);
        });
    }

    /** Writes a checkpoint of the state now and points the card to it. */
    public void checkpoint() throws IOException {
        synchronized (checkpointLock) {
            S3Index.StoreState before = index.state();
            if (before.seq() == before.checkpointSeq() && before.checkpointId() != null) {
                return;
            }
            Checkpointer.Written written = checkpointer.write();
            StoreCard next = card.get().withCheckpoint(written.seq(), written.checkpointId(), written.chunks(),
                    written.posts());
            String area = remote.areaId(StorageRemote.Area.INDEX);
            try {
                remote.editText(area, next.postId(), next.render());
            } catch (RemoteException.NotFound gone) {
                Post post = remote.post(area, next.render(), List.of());
                remote.pin(area, post.id());
                next = next.withPostId(post.id());
            }
            StoreCard posted = next;
            List<LanePost> old = before.checkpointPosts();
            index.db().write(c -> {
                S3Index.setMeta(c, S3Index.CARD, posted.postId());
                S3Index.setMeta(c, S3Index.CHECKPOINT_SEQ, written.seq());
                S3Index.setMeta(c, S3Index.CHECKPOINT_ID, written.checkpointId());
                S3Index.setMeta(c, S3Index.CHECKPOINT_CHUNKS, written.chunks());
                S3Index.setMeta(c, S3Index.CHECKPOINT_POSTS, String.join(",",
                        written.posts().stream().map(LanePost::toString).toList()));
                S3Index.removePending(c, written.posts());
                return null;
            });
            card.set(posted);
            for (LanePost post : old) {
                if (!written.posts().contains(post)) {
                    try {
                        remote.deletePost(lanes.get(post.lane()), post.postId());
                    } catch (IOException e) {
                        log.warn("could not delete old checkpoint post {}: {}", post, e.getMessage());
                    }
                }
            }
        }
    }

    /** Reclaims the bytes of deleted objects (docs/FORMAT.md section 16.9). */
    public CompactionResult compact() throws IOException {
        return compactor.compact();
    }

    /** Buckets, objects and the bytes they hold, as the local index has them. */
    public Totals totals() throws IOException {
        return index.totals();
    }

    /** What {@link #totals} counts. */
    public record Totals(long buckets, long objects, long bytes) {
    }

    /** The store's id (its lanes are named after it). */
    public String storeId() {
        return storeId;
    }

    /** The lanes' container ids, lane 0 first. */
    public List<String> lanes() {
        return lanes;
    }

    private StoreCard readCard() throws IOException {
        String area = remote.areaId(StorageRemote.Area.INDEX);
        StoreCard known = card.get();
        Optional<Post> post = remote.getPost(area, known.postId());
        if (post.isPresent() && post.get().ours()) {
            Optional<StoreCard> parsed = StoreCard.parse(post.get());
            if (parsed.isPresent()) {
                return parsed.get();
            }
        }
        return findCard(remote, remote.pinnedPosts(area), key.fingerprint().hex()).orElseThrow(() ->
                new IOException("the S3 store's card is gone from the index area"));
    }

    /** After each commit: a checkpoint every so many records, a compaction when dead bytes pile up. */
    private void afterCommit(long seq) {
        try {
            S3Index.StoreState state = index.state();
            if (seq - state.checkpointSeq() >= options.checkpointEvery() && checkpointRunning.compareAndSet(false, true)) {
                inBackground("checkpoint", () -> {
                    try {
                        checkpoint();
                    } finally {
                        checkpointRunning.set(false);
                    }
                    if (options.compactDeadBytes() > 0 && deletablePosts() >= DELETABLE_POSTS_TO_COMPACT) {
                        startCompaction(); // journal posts of deletes pile up with no dead bytes to show for it
                    }
                });
            }
            if (options.compactDeadBytes() > 0 && state.deadBytes() >= options.compactDeadBytes()) {
                startCompaction();
            }
        } catch (IOException | RuntimeException e) {
            log.warn("S3 store housekeeping failed: {}", e.getMessage());
        }
    }

    private void startCompaction() {
        if (compactionRunning.compareAndSet(false, true)) {
            inBackground("compaction", () -> {
                try {
                    compact();
                } finally {
                    compactionRunning.set(false);
                }
            });
        }
    }

    /** Registered posts compaction would delete now: nothing live, record covered by the checkpoint. */
    private long deletablePosts() throws IOException {
        long covered = index.state().checkpointSeq();
        return index.posts().stream().filter(p -> p.live() == 0 && p.seq() <= covered).count();
    }

    private interface Work {
        void run() throws IOException;
    }

    private synchronized void inBackground(String what, Work work) {
        if (closed) {
            return;
        }
        background.removeIf(t -> !t.isAlive());
        background.add(Thread.ofVirtual().name("dos-s3-" + what).start(() -> {
            try {
                work.run();
            } catch (IOException | RuntimeException e) {
                log.warn("S3 store {} failed: {}", what, e.getMessage());
            }
        }));
    }

    // ---- buckets -----------------------------------------------------------------------------

    @Override
    public List<Bucket> buckets() throws IOException {
        return index.buckets();
    }

    @Override
    public Bucket createBucket(String name) throws IOException {
        Names.checkBucket(name);
        if (index.bucket(name).isPresent()) {
            throw new S3Exception(S3Error.BUCKET_ALREADY_OWNED_BY_YOU);
        }
        return committer.submit(new Intents.CreateBucket(name, now()));
    }

    @Override
    public Optional<Bucket> bucket(String name) throws IOException {
        return index.bucket(name);
    }

    @Override
    public void deleteBucket(String name) throws IOException {
        requireBucket(name);
        committer.submit(new Intents.DeleteBucket(name));
    }

    // ---- objects -----------------------------------------------------------------------------

    @Override
    public ObjectInfo put(String bucket, String key, InputStream body, long length, ObjectMeta meta)
            throws IOException {
        requireBucket(bucket);
        Names.checkKey(key);
        BodyWriter.Written written = bodies.write(body, length);
        return commitBody(written, new Intents.PutObject(bucket, key, written, meta, now(), newVersion()));
    }

    /** Commits a sealed body; a refused commit deletes the data posts it made at once. */
    private <T> T commitBody(BodyWriter.Written written, Intent<T> intent) throws IOException {
        try {
            return committer.submit(intent);
        } catch (S3Exception refused) {
            if (!written.small()) {
                List<LanePost> made = new ArrayList<>();
                for (JournalEntry.PostEntry post : written.posted().posts()) {
                    try {
                        remote.deletePost(lanes.get(post.lane()), post.postId());
                        made.add(new LanePost(post.lane(), post.postId()));
                    } catch (IOException ignored) {
                        // left pending: deleted at the next start
                    }
                }
                index.removePending(made);
            }
            throw refused;
        }
    }

    @Override
    public Optional<ObjectInfo> head(String bucket, String key) throws IOException {
        requireBucket(bucket);
        return index.object(bucket, key).map(StoredObject::info);
    }

    @Override
    public InputStream open(ObjectInfo object, long offset, long length) throws IOException {
        requireBucket(object.bucket());
        StoredObject stored = index.object(object.bucket(), object.key())
                .filter(o -> o.info().version().equals(object.version()))
                .orElseThrow(() -> new S3Exception(S3Error.NO_SUCH_KEY));
        long size = stored.info().size();
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " outside " + size);
        }
        return new ObjectReader(remote, key, index, lanes, stored.streams(), offset, length, options.readAhead());
    }

    @Override
    public boolean delete(String bucket, String key) throws IOException {
        requireBucket(bucket);
        if (index.object(bucket, key).isEmpty()) {
            return false;
        }
        return committer.submit(new Intents.DeleteObject(bucket, key));
    }

    @Override
    public ObjectInfo copy(String srcBucket, String srcKey, String dstBucket, String dstKey, ObjectMeta replaceMeta)
            throws IOException {
        requireBucket(srcBucket);
        requireBucket(dstBucket);
        Names.checkKey(dstKey);
        StoredObject source = index.object(srcBucket, srcKey).orElseThrow(() -> new S3Exception(S3Error.NO_SUCH_KEY));
        return committer.submit(new Intents.CopyObject(srcBucket, srcKey, dstBucket, dstKey, replaceMeta, now(),
                newVersion(), source.info().meta(), source.streams().size()));
    }

    @Override
    public List<ObjectInfo> list(String bucket, String prefix, String after, int limit) throws IOException {
        requireBucket(bucket);
        return index.list(bucket, prefix, after, limit);
    }

    // ---- multipart ---------------------------------------------------------------------------

    @Override
    public Upload createUpload(String bucket, String key, ObjectMeta meta) throws IOException {
        requireBucket(bucket);
        Names.checkKey(key);
        return committer.submit(new Intents.StartUpload(new Upload(BatchId.random().hex(), bucket, key, now(), meta)));
    }

    @Override
    public Part uploadPart(String uploadId, int number, InputStream body, long length) throws IOException {
        requireUpload(uploadId);
        if (number < 1 || number > 10_000) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "Part number must be an integer between 1 and 10000");
        }
        BodyWriter.Written written = bodies.write(body, length);
        return commitBody(written, new Intents.UploadPart(uploadId, number, written, now()));
    }

    @Override
    public ObjectInfo completeUpload(String uploadId, List<CompletedPart> parts) throws IOException {
        requireUpload(uploadId);
        if (parts.isEmpty()) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "You must specify at least one part");
        }
        int previous = 0;
        for (CompletedPart part : parts) {
            if (part.number() <= previous) {
                throw new S3Exception(S3Error.INVALID_PART_ORDER);
            }
            previous = part.number();
        }
        return committer.submit(new Intents.CompleteUpload(uploadId, parts, now(), newVersion()));
    }

    @Override
    public void abortUpload(String uploadId) throws IOException {
        requireUpload(uploadId);
        committer.submit(new Intents.AbortUpload(uploadId));
    }

    @Override
    public List<Part> parts(String uploadId) throws IOException {
        requireUpload(uploadId);
        return index.parts(uploadId).stream()
                .map(p -> new Part(p.number(), p.size(), p.etag(), Instant.ofEpochMilli(p.modified()))).toList();
    }

    @Override
    public List<Upload> uploads(String bucket, String prefix) throws IOException {
        requireBucket(bucket);
        return index.uploads(bucket, prefix);
    }

    // ---- closing -----------------------------------------------------------------------------

    /** Commits what is waiting, finishes background work, releases the lease. */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        committer.close();
        List<Thread> running;
        synchronized (this) {
            running = List.copyOf(background);
        }
        for (Thread t : running) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        poster.close();
        lease.close();
        index.close();
        dirLock.close();
    }

    /** Stops as a crash would: nothing more is posted, the lease is left behind. For tests. */
    void kill() {
        synchronized (this) {
            closed = true;
        }
        lease.stop();
        poster.kill();
        committer.kill();
        index.close();
        dirLock.close();
    }

    // ---- helpers -----------------------------------------------------------------------------

    private void requireBucket(String name) throws IOException {
        if (index.bucket(name).isEmpty()) {
            throw new S3Exception(S3Error.NO_SUCH_BUCKET);
        }
    }

    private void requireUpload(String uploadId) throws IOException {
        if (index.upload(uploadId).isEmpty()) {
            throw new S3Exception(S3Error.NO_SUCH_UPLOAD);
        }
    }

    private Instant now() {
        return Instant.ofEpochMilli(options.clock().millis());
    }

    private static String newVersion() {
        return BatchId.random().hex();
    }

    S3Index index() {
        return index;
    }

    StorageRemote remote() {
        return remote;
    }
}
