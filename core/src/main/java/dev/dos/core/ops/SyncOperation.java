package dev.dos.core.ops;

import dev.dos.core.format.BatchId;
import dev.dos.core.io.Failures;
import dev.dos.core.meta.BatchQuery;
import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.BatchSnapshot;
import dev.dos.core.meta.BatchState;
import dev.dos.core.meta.ChunkRecord;
import dev.dos.core.meta.ChunkState;
import dev.dos.core.meta.MetadataStore;
import dev.dos.core.meta.Page;
import dev.dos.core.meta.SettingKeys;
import dev.dos.core.ops.IndexPosts.CardPost;
import dev.dos.core.ops.IndexPosts.Deletion;
import dev.dos.core.ops.IndexPosts.Item;
import dev.dos.core.remote.Blob;
import dev.dos.core.remote.BlobRef;
import dev.dos.core.remote.ContainerInfo;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.PostPages;
import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.StorageRemote;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Brings the local index in line with the remote: every batch describes itself remotely (a card
 * in the index area with its encrypted manifest, threads with its chunks), so the index can be
 * rebuilt from the remote alone and machines sharing a store and a key see each other's batches.
 * What each mode reads is fixed by docs/FORMAT.md section 17:
 *
 * <ul>
 *   <li><b>Incremental</b> ({@link #sync}): the open containers (one request on Discord: uploads
 *       running or interrupted elsewhere), then the index posts after the cursor (a setting: the
 *       newest index post applied): new cards add batches, deletion records drop them. An idle sync
 *       therefore costs the same two requests whatever the store's size.</li>
 *   <li><b>Reset</b> ({@link #reset}): every index post from the start, while every container is
 *       listed on other rate-limit buckets; each card's batch is recorded from the card and its
 *       manifest alone, chunks {@link ChunkState#REMOTE} (looked up when needed, {@link ChunkLocations});
 *       then cards whose threads are gone, threads without cards, and local batches the remote lacks.</li>
 *   <li><b>Deep</b> ({@code deep = true}): as before section 17, every container is listed first and
 *       every card's lanes are walked (a reset), or every known batch's container checked (incremental).</li>
 * </ul>
 *
 * <p>Index pages are listed on a thread of their own, a few pages ahead; the manifests of up to
 * {@link #FETCH_WINDOW} cards are downloaded at once (CDN downloads on Discord: the page listing
 * carried their links); cards and records are applied in post order, and each page's batches are
 * stored in one transaction ({@link MetadataStore#importBatches}) before the cursor moves past the
 * page. So the index is never half-empty: an interrupted sync leaves the batches of the pages it
 * finished stored and the rest as they were, and running it again finishes it. A reset rebuilds in
 * place rather than into a fresh file swapped in afterwards: renaming a database over one that is
 * open (here, or in the dashboard) would pair the new file with the old one's write-ahead log.
 *
 * <p>Disagreements between cards and containers are reported as {@link SyncIssue}s and recorded
 * in the batch's state; none stops the sync. Remote failures that a later run may not meet
 * (network, rate limits, permissions) do stop it, with the cursor where it got to.
 */
public final class SyncOperation {
    /**
     * Card manifests downloaded (or, deep, lanes walked) at once, ahead of the card being stored. CDN
     * downloads are not rate limited but each waits a round trip: at 100 ms, 128 at once keep up with
     * the 500 cards a second the index pages come at (5 pages of 100 a second).
     */
    static final int FETCH_WINDOW = 128;
    /** Manifest bytes downloaded at once, beyond which fewer cards are fetched ahead (one always is). */
    static final long FETCH_WINDOW_BYTES = 32L * 1024 * 1024;
    /** Index pages listed ahead of the one being stored. */
    static final int PAGES_AHEAD = 4;
    private static final int LOCAL_PAGE = 5000;

    private final Repository repo;

    public SyncOperation(Repository repo) {
        this.repo = repo;
    }

    /** Adds and updates what was uploaded, abandoned or deleted elsewhere since the last sync. */
    public SyncReport sync(SyncListener listener) throws IOException {
        return sync(listener, false);
    }

    /**
     * As {@link #sync(SyncListener)}; {@code deep} also lists every container, to notice batches whose
     * thread vanished and batches deleted by a dos that posts no deletion record.
     */
    public SyncReport sync(SyncListener listener, boolean deep) throws IOException {
        return new Run(false, deep, listener).execute();
    }

    /**
     * Rebuilds the whole index from the remote alone; settings, resume sources and the tables other
     * modules keep in the file stay.
     */
    public SyncReport reset(SyncListener listener) throws IOException {
        return reset(listener, false);
    }

    /** As {@link #reset(SyncListener)}; {@code deep} also walks every lane of every card, finding each chunk. */
    public SyncReport reset(SyncListener listener, boolean deep) throws IOException {
        return new Run(true, deep, listener).execute();
    }

    /** What was listed of the index area: the last post seen, and when its page was asked for. */
    private record IndexRead(String lastPostId, long lastRequestNanos) {
    }

    /** A listed page, or the end of the listing, or why it failed: what the lister hands over. */
    private sealed interface Listed permits Listed.Page, Listed.End, Listed.Failed {
        record Page(IndexPosts.Page page) implements Listed {
        }

        record End(long lastRequestNanos) implements Listed {
        }

        record Failed(Throwable cause) implements Listed {
        }
    }

    /** Marks the end of a page among the items being applied: the cursor may move past it. */
    private record PageEnd(String lastPostId) {
    }

    /** A manifest download (deep: and walk) under way, and its weight against {@link #FETCH_WINDOW_BYTES}. */
    private record Fetch(Future<CardRebuild.Fetched> result, long bytes) {
    }

    /** The state of one sync while it runs. */
    private final class Run {
        private final boolean reset;
        private final boolean deep;
        private final SyncListener listener;
        private final StorageRemote remote = repo.remote();
        private final MetadataStore metadata = repo.metadata();
        private final String indexArea;
        private final String cursorKey;
        private final CardRebuild cards;
        /** Every local batch as it was when the run began, when the run needs them all (reset, deep). */
        private Map<String, BatchRecord> local;
        /** Batches the remote still shows a card or container of (any key). */
        private final Set<String> seen = new HashSet<>();
        /** Batches an index card of our bot announces in this run (any key), deletion records applied. */
        private final Set<String> announced = new HashSet<>();
        /** Batches recorded from their card and manifest in this run: the card, to check its threads. */
        private final Map<String, BatchCard> carded = new LinkedHashMap<>();
        private final List<String> added = new ArrayList<>();
        private final List<String> updated = new ArrayList<>();
        private final List<String> removed = new ArrayList<>();
        private final List<SyncIssue> issues = new ArrayList<>();
        private final Map<String, BatchSnapshot> pendingImports = new LinkedHashMap<>();
        private final Set<String> pendingDeletions = new LinkedHashSet<>();
        private int unchanged;
        private int cardsRead;
        private int total;
        /** Containers by the batch their name carries (lane 0 names only); all, or the open ones. */
        private Map<BatchId, ContainerInfo> containerOfBatch = Map.of();
        private final Set<String> listedContainers = new HashSet<>();
        private final AtomicLong containersListedAt = new AtomicLong(Long.MAX_VALUE);

        Run(boolean reset, boolean deep, SyncListener listener) {
            this.reset = reset;
            this.deep = deep;
            this.listener = listener;
            this.indexArea = remote.areaId(StorageRemote.Area.INDEX);
            this.cursorKey = SettingKeys.syncCursor(indexArea);
            this.cards = new CardRebuild(remote, repo.key());
        }

        SyncReport execute() throws IOException {
            if (reset) {
                metadata.removeSetting(cursorKey);
            }
            String start = reset ? null : metadata.setting(cursorKey).orElse(null);
            ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
            try {
                Future<List<ContainerInfo>> allContainers = null;
                if (deep) {
                    // Containers first: an upload finishing meanwhile then shows its card without its
                    // container (the card leads to it), never its container without its card.
                    noteContainers(remote.listContainers());
                } else if (reset) {
                    // Listed on other rate-limit buckets while the index is read (see below).
                    allContainers = background.submit(() -> {
                        List<ContainerInfo> listed = remote.listContainers();
                        containersListedAt.set(System.nanoTime());
                        return listed;
                    });
                } else {
                    noteContainers(remote.listOpenContainers());
                }
                if (reset || deep) {
                    loadLocal();
                }
                IndexRead read = readIndex(start, background, true);
                if (allContainers != null) {
                    noteContainers(await(allContainers));
                    if (containersListedAt.get() > read.lastRequestNanos()) {
                        // The thread listing ended after the last index page was asked for: a card
                        // posted meanwhile must not leave its thread looking like one without a card.
                        readIndex(read.lastPostId(), background, true);
                    }
                    checkThreadsOfCards();
                }
            } finally {
                background.shutdownNow();
            }
            Map<BatchId, ContainerInfo> orphans = orphans();
            if (!reset && deep && !orphans.isEmpty()) {
                explainByOlderCards(orphans);
            }
            total += orphans.size();
            listener.examining(total);
            OrphanRebuild rebuild = new OrphanRebuild(remote, repo.key());
            for (Map.Entry<BatchId, ContainerInfo> orphan : orphans.entrySet()) {
                syncOrphan(orphan.getKey(), orphan.getValue(), rebuild);
            }
            if (reset) {
                dropBatchesTheRemoteLacks();
            } else if (deep) {
                checkContainersOfKnownBatches();
            }
            return new SyncReport(reset, cardsRead, added, updated, unchanged, removed, issues);
        }

        private void loadLocal() {
            local = new LinkedHashMap<>();
            for (int offset = 0; ; offset += LOCAL_PAGE) {
                Page<BatchRecord> page = metadata.listBatches(BatchQuery.all().page(offset, LOCAL_PAGE));
                page.items().forEach(b -> local.put(b.id(), b));
                if (!page.hasMore() || page.items().isEmpty()) {
                    return;
                }
            }
        }

        /** The batch as the index held it when the run began (or, incremental, holds it now). */
        private BatchRecord local(String id) {
            return local != null ? local.get(id) : metadata.batch(id).orElse(null);
        }

        private void noteContainers(List<ContainerInfo> containers) {
            containerOfBatch = containersByBatch(containers);
            containers.forEach(c -> listedContainers.add(c.id()));
        }

        // ---- the index area ------------------------------------------------------------------

        /**
         * Reads the index area after {@code after} (null: from its start) and applies what it says,
         * in post order. Pages are listed by a thread of their own, up to {@link #PAGES_AHEAD} ahead;
         * this thread downloads manifests a window ahead and stores each page in one transaction.
         * With {@code moveCursor}, the cursor follows the pages stored.
         */
        private IndexRead readIndex(String after, ExecutorService background, boolean moveCursor)
                throws IOException {
            BlockingQueue<Listed> pages = new ArrayBlockingQueue<>(PAGES_AHEAD);
            Future<?> lister = background.submit(() -> list(after, pages));
            Deque<Object> entries = new ArrayDeque<>();
            Deque<CardPost> toFetch = new ArrayDeque<>();
            Map<String, Fetch> fetches = new HashMap<>();
            String cursor = after;
            String applied = null;
            long lastRequest = System.nanoTime();
            boolean ended = false;
            long[] window = {0, 0}; // fetches started and not yet applied; their bytes
            try {
                while (true) {
                    // Take listed pages until enough cards wait to keep the window full.
                    while (!ended && (entries.isEmpty() || toFetch.size() < FETCH_WINDOW)) {
                        Listed next = entries.isEmpty() ? pages.take() : pages.poll();
                        if (next == null) {
                            break;
                        }
                        switch (next) {
                            case Listed.End end -> {
                                ended = true;
                                lastRequest = end.lastRequestNanos();
                            }
                            case Listed.Failed failed -> throw Failures.asIOException(failed.cause());
                            case Listed.Page page -> take(page.page(), entries, toFetch);
                        }
                    }
                    if (entries.isEmpty()) {
                        break;
                    }
                    startFetches(toFetch, fetches, window, background);
                    Object head = entries.removeFirst();
                    switch (head) {
                        case PageEnd end -> {
                            cursor = end.lastPostId();
                            flush(moveCursor ? cursor : null);
                            applied = null;
                        }
                        case CardPost card -> {
                            Fetch fetch = fetches.remove(card.postId());
                            if (fetch != null) {
                                window[0]--;
                                window[1] -= fetch.bytes();
                            }
                            applyCard(card, fetch == null ? null : fetch.result());
                            applied = card.postId();
                        }
                        case Deletion deletion -> {
                            applyDeletion(deletion);
                            applied = deletion.postId();
                        }
                        default -> throw new IllegalStateException("unexpected " + head);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                flush(moveCursor ? applied : null);
                throw new InterruptedIOException("sync interrupted");
            } catch (IOException | RuntimeException | Error e) {
                try {
                    flush(moveCursor ? applied : null); // what was applied stays, and the cursor with it
                } catch (RuntimeException saving) {
                    e.addSuppressed(saving);
                }
                throw e;
            } finally {
                lister.cancel(true);
                fetches.values().forEach(f -> f.result().cancel(true));
            }
            return new IndexRead(cursor, lastRequest);
        }

        /** The lister: pages of the index area, oldest first, until a short page. */
        private void list(String after, BlockingQueue<Listed> pages) {
            String cursor = after;
            try {
                while (true) {
                    long asked = System.nanoTime();
                    List<Post> posts = remote.listPosts(indexArea, cursor, PostPages.PAGE);
                    IndexPosts.Page page = IndexPosts.parse(posts);
                    // The listing carried the manifests' links: let the remote keep them (and refresh
                    // any that expired in bulk) before the downloads start.
                    remote.expectReads(manifestRefs(page));
                    pages.put(new Listed.Page(page));
                    if (!posts.isEmpty()) {
                        cursor = posts.getLast().id();
                    }
                    if (posts.size() < PostPages.PAGE) {
                        pages.put(new Listed.End(asked));
                        return;
                    }
                }
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            } catch (Throwable e) {
                try {
                    pages.put(new Listed.Failed(e));
                } catch (InterruptedException stopped) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private List<BlobRef> manifestRefs(IndexPosts.Page page) {
            List<BlobRef> refs = new ArrayList<>();
            for (Item item : page.items()) {
                if (item instanceof CardPost card && cards.ours(card)) {
                    card.blobs().forEach(b -> refs.add(b.ref()));
                }
            }
            return refs;
        }

        /** Queues a listed page's items, and reports the foreign ones. */
        private void take(IndexPosts.Page page, Deque<Object> entries, Deque<CardPost> toFetch) {
            for (Item planted : page.foreign()) {
                String what = planted instanceof CardPost ? "card post " : "deletion record ";
                issues.add(new SyncIssue(planted.batchId(), SyncIssue.Kind.FOREIGN_POSTS, null,
                        what + planted.postId() + " about this batch was not posted by our bot; ignored"));
            }
            for (Item item : page.items()) {
                entries.addLast(item);
                if (item instanceof CardPost card && worthFetching(card)) {
                    toFetch.addLast(card);
                }
            }
            if (page.lastPostId() != null) {
                entries.addLast(new PageEnd(page.lastPostId()));
            }
            total += page.cards();
            listener.examining(total);
        }

        /** Whether storing a card will need its manifest; {@link #applyCard} fetches it anyway if so. */
        private boolean worthFetching(CardPost card) {
            if (!cards.ours(card)) {
                return false;
            }
            BatchRecord existing = local(card.batchId());
            return existing == null || !(existing.state() == BatchState.DELETING || alreadyHeld(card, existing));
        }

        /** Starts downloads of the cards next in line, as far as the window allows (one always). */
        private void startFetches(Deque<CardPost> toFetch, Map<String, Fetch> fetches, long[] window,
                                  ExecutorService background) {
            while (!toFetch.isEmpty()) {
                CardPost card = toFetch.peekFirst();
                long bytes = card.blobs().stream().mapToLong(Blob::size).sum();
                boolean room = window[0] < FETCH_WINDOW && window[1] + bytes <= FETCH_WINDOW_BYTES;
                if (!room && window[0] > 0) {
                    return;
                }
                toFetch.removeFirst();
                String byName = byName(card);
                fetches.put(card.postId(), new Fetch(background.submit(() -> cards.fetch(card, deep, byName)), bytes));
                window[0]++;
                window[1] += bytes;
            }
        }

        private String byName(CardPost card) {
            ContainerInfo named = containerOfBatch.get(BatchId.parse(card.batchId()));
            return named == null ? null : named.id();
        }

        /** An incremental sync's own upload, or a card synced before: the index already holds it. */
        private boolean alreadyHeld(CardPost post, BatchRecord existing) {
            return !reset && post.postId().equals(existing.indexMessageId())
                    && (existing.state() == BatchState.COMPLETE || existing.state() == BatchState.DAMAGED);
        }

        private void applyCard(CardPost post, Future<CardRebuild.Fetched> fetch) throws IOException {
            String id = post.batchId();
            cardsRead++;
            // A retried post may leave a second card for one batch: the first one read describes it.
            if (announced.add(id)) {
                seen.add(id);
                storeCard(post, fetch);
            }
            listener.examined(id);
        }

        private void storeCard(CardPost post, Future<CardRebuild.Fetched> fetch) throws IOException {
            String id = post.batchId();
            BatchRecord existing = pendingDeletions.contains(id) ? null : local(id);
            if (existing != null && existing.state() == BatchState.DELETING) {
                unchanged++; // a delete is under way: it must not be undone by its own leftovers
                return;
            }
            if (existing != null && alreadyHeld(post, existing)) {
                unchanged++; // posted by this machine, or synced before: the index already holds it
                return;
            }
            CardRebuild.Fetched fetched;
            if (!cards.ours(post)) {
                fetched = new CardRebuild.Fetched(null, null, false, null, null);
            } else if (fetch != null) {
                fetched = await(fetch);
            } else {
                fetched = cards.fetch(post, deep, byName(post));
            }
            Rebuilt rebuilt = cards.rebuild(post, fetched, deep,
                    () -> existing == null ? Optional.empty() : metadata.manifest(id));
            issues.addAll(rebuilt.issues());
            if (rebuilt.snapshot() == null) {
                return;
            }
            BatchSnapshot snapshot = rebuilt.snapshot();
            if (existing != null) {
                snapshot = keepLocalFacts(snapshot, existing);
            }
            store(snapshot, existing);
            if (snapshot.encryptedManifest() != null) {
                carded.put(id, post.card());
            }
        }

        private void applyDeletion(Deletion deletion) {
            String id = deletion.batchId();
            announced.remove(id);
            carded.remove(id);
            seen.remove(id);
            boolean pending = pendingImports.remove(id) != null;
            BatchRecord existing = local(id);
            if (existing != null && (existing.state() == BatchState.UPLOADING || existing.state() == BatchState.DELETING)) {
                return; // an upload or a delete of it runs here: it finishes what it started
            }
            if (existing == null && !pending) {
                return;
            }
            pendingDeletions.add(id);
            added.remove(id);
            updated.remove(id);
            if (existing != null && !removed.contains(id)) {
                removed.add(id);
            }
        }

        /** Stores the page's batches and removals in one transaction, then moves the cursor. */
        private void flush(String cursor) {
            metadata.importBatches(List.copyOf(pendingImports.values()), List.copyOf(pendingDeletions));
            pendingImports.clear();
            pendingDeletions.clear();
            if (cursor != null) {
                metadata.putSetting(cursorKey, cursor);
            }
        }

        /**
         * What only this machine knows stays: the display name (unless a sync made it up for want of
         * a manifest), the completion time, and where its chunks are (the rows of chunks it had located
         * and the manifest still lists as they were). The state is the remote's verdict.
         */
        private BatchSnapshot keepLocalFacts(BatchSnapshot snapshot, BatchRecord existing) {
            BatchRecord rebuilt = snapshot.batch();
            boolean madeUpName = existing.name().equals(OrphanRebuild.NAME)
                    || existing.name().equals(CardRebuild.UNREADABLE_NAME);
            boolean wasDone = existing.state() == BatchState.COMPLETE || existing.state() == BatchState.DAMAGED;
            BatchRecord merged = new BatchRecord(rebuilt.id(), madeUpName ? rebuilt.name() : existing.name(),
                    rebuilt.state(), rebuilt.createdAt(),
                    wasDone && existing.completedAt() != null ? existing.completedAt() : rebuilt.completedAt(),
                    rebuilt.codec(), rebuilt.originalBytes(), rebuilt.storedBytes(), rebuilt.fileCount(),
                    rebuilt.chunkCount(), rebuilt.formatVersion(), rebuilt.keyFingerprint(),
                    rebuilt.storageThreadId(), rebuilt.indexMessageId());
            List<ChunkRecord> chunks = snapshot.chunks();
            if (chunks.stream().anyMatch(c -> c.state() == ChunkState.REMOTE)) {
                Map<Integer, ChunkRecord> known = new HashMap<>();
                metadata.chunks(existing.id()).forEach(c -> known.put(c.index(), c));
                chunks = chunks.stream().map(c -> {
                    ChunkRecord had = known.get(c.index());
                    boolean located = c.state() == ChunkState.REMOTE && had != null
                            && had.state() == ChunkState.POSTED && had.size() == c.size()
                            && had.sha256().equals(c.sha256()) && had.last() == c.last();
                    return located ? had : c;
                }).toList();
            }
            return new BatchSnapshot(merged, chunks, snapshot.encryptedManifest(), snapshot.entries(),
                    snapshot.lanes());
        }

        private void store(BatchSnapshot snapshot, BatchRecord existing) {
            String id = snapshot.batch().id();
            if (existing == null) {
                pendingImports.put(id, snapshot);
                pendingDeletions.remove(id);
                if (!added.contains(id)) {
                    added.add(id);
                }
            } else if (existing.equals(snapshot.batch()) && metadata.chunks(id).equals(snapshot.chunks())
                    && Arrays.equals(metadata.manifest(id).orElse(null), snapshot.encryptedManifest())
                    && metadata.lanes(id).equals(snapshot.lanes())) {
                unchanged++;
            } else {
                pendingImports.put(id, snapshot);
                pendingDeletions.remove(id);
                updated.add(id);
            }
        }

        // ---- threads --------------------------------------------------------------------------

        /**
         * A reset that did not walk threads checks, from the listing alone, that each card's threads
         * exist: a card whose thread is gone records its batch DAMAGED with every chunk missing; one
         * whose thread id is stale but a thread named for the batch exists uses that one; a lane gone
         * makes the batch DAMAGED (its chunks are named when they are looked up).
         */
        private void checkThreadsOfCards() throws RemoteException {
            for (Map.Entry<String, BatchCard> entry : carded.entrySet()) {
                String id = entry.getKey();
                BatchCard card = entry.getValue();
                ContainerInfo named = containerOfBatch.get(BatchId.parse(id));
                boolean threadThere = listedContainers.contains(card.storageThread());
                List<String> lanesGone = card.lanes().stream().filter(l -> !listedContainers.contains(l)).toList();
                if (threadThere && lanesGone.isEmpty()) {
                    continue;
                }
                // Each absence is confirmed by asking for the thread itself: a listing that missed one
                // (threads archived in the same instant at a page boundary) must not damage a batch.
                threadThere = threadThere || containerExists(card.storageThread());
                List<String> confirmed = new ArrayList<>();
                for (String lane : lanesGone) {
                    if (!containerExists(lane)) {
                        confirmed.add(lane);
                    }
                }
                lanesGone = confirmed;
                if (threadThere && lanesGone.isEmpty()) {
                    continue;
                }
                BatchRecord batch = metadata.batch(id).orElse(null);
                if (batch == null || batch.state() == BatchState.DELETING) {
                    continue;
                }
                if (!threadThere && named == null) {
                    List<ChunkRecord> missing = metadata.chunks(id).stream()
                            .map(c -> ChunkRecord.planned(c.batchId(), c.index(), c.size(), c.sha256(), c.plainSize(),
                                    c.last()))
                            .toList();
                    metadata.putChunks(missing);
                    markDamaged(batch);
                    issues.add(CardRebuild.cardWithoutThread(id, card.storageThread(), missing.size()));
                    continue;
                }
                if (!threadThere) {
                    batch = batch.withRemoteIds(named.id(), batch.indexMessageId());
                    metadata.updateBatch(batch);
                    noteUpdated(id);
                }
                if (!lanesGone.isEmpty()) {
                    markDamaged(batch);
                    issues.add(new SyncIssue(id, SyncIssue.Kind.MISSING_CHUNKS, BatchState.DAMAGED,
                            lanesGone.size() + " of its " + (card.lanes().size() + 1) + " lanes ("
                                    + String.join(", ", lanesGone) + ") are gone: the chunks they held are missing"
                                    + " (named once a restore or verify looks them up); files in other chunks can"
                                    + " still be restored"));
                }
            }
        }

        private void markDamaged(BatchRecord batch) {
            if (batch.state() != BatchState.DAMAGED) {
                metadata.updateBatch(batch.withState(BatchState.DAMAGED));
                noteUpdated(batch.id());
            }
        }

        /** A batch a check changed after its card was stored: counted once, as updated. */
        private void noteUpdated(String id) {
            if (!added.contains(id) && !updated.contains(id)) {
                updated.add(id);
                unchanged--; // its card had found it unchanged
            }
        }

        /**
         * Containers with no card among those read. In a reset, every such container; otherwise
         * only those the index knows nothing of (its own batches explain theirs).
         */
        private Map<BatchId, ContainerInfo> orphans() {
            Set<String> localContainers = new HashSet<>();
            if (local != null) {
                local.values().forEach(b -> localContainers.add(b.storageThreadId()));
            }
            Map<BatchId, ContainerInfo> orphans = new LinkedHashMap<>();
            containerOfBatch.forEach((batch, container) -> {
                if (announced.contains(batch.hex())) {
                    return;
                }
                boolean known = reset ? false
                        : local(batch.hex()) != null || localContainers.contains(container.id());
                if (!known) {
                    orphans.put(batch, container);
                }
            });
            return orphans;
        }

        /**
         * A deep incremental sync reads only new cards, but a container it does not know may belong to
         * an older card it skipped (another key's batch) or never stored: read all cards to tell.
         */
        private void explainByOlderCards(Map<BatchId, ContainerInfo> orphans) throws IOException {
            List<CardPost> older = new ArrayList<>();
            PostPages.forEach(remote, indexArea, null, post -> {
                for (Item item : IndexPosts.parse(List.of(post)).items()) {
                    if (item instanceof CardPost card && orphans.containsKey(BatchId.parse(card.batchId()))
                            && !seen.contains(card.batchId())) {
                        older.add(card);
                    }
                }
            });
            if (older.isEmpty()) {
                return;
            }
            total += older.size();
            listener.examining(total);
            for (CardPost post : older) {
                orphans.remove(BatchId.parse(post.card().batchId()));
                applyCard(post, null);
            }
            flush(null);
        }

        private void syncOrphan(BatchId batch, ContainerInfo container, OrphanRebuild rebuild) throws IOException {
            seen.add(batch.hex());
            BatchRecord existing = local(batch.hex());
            if (existing != null && (existing.state() != BatchState.INCOMPLETE
                    || metadata.source(existing.id()).isPresent())) {
                keepLocalUpload(existing, container);
            } else {
                // Unknown here, or known only from an earlier sync: the container says all there is.
                Rebuilt rebuilt = rebuild.rebuild(container, batch, repo.clock().instant());
                issues.addAll(rebuilt.issues());
                if (rebuilt.snapshot() != null) {
                    storeNow(rebuilt.snapshot(), existing);
                }
            }
            listener.examined(batch.hex());
        }

        private void storeNow(BatchSnapshot snapshot, BatchRecord existing) {
            store(snapshot, existing);
            flush(null);
        }

        /**
         * A container without a card, of a batch this index knows (a reset only). An upload started
         * here has a journal that says more than the container can (planned chunks, the resume
         * source), so it stays; a batch the index thought complete has lost its card, and so is
         * complete no longer.
         */
        private void keepLocalUpload(BatchRecord existing, ContainerInfo container) {
            switch (existing.state()) {
                case DELETING -> unchanged++;
                case UPLOADING, INCOMPLETE -> {
                    unchanged++;
                    issues.add(new SyncIssue(existing.id(), SyncIssue.Kind.THREAD_WITHOUT_CARD, existing.state(),
                            "container " + container.id() + " has no card: an upload started on this machine has not"
                                    + " finished; its upload journal is kept"));
                }
                case COMPLETE, DAMAGED -> {
                    metadata.updateBatch(existing.withState(BatchState.INCOMPLETE).withRemoteIds(container.id(), null));
                    updated.add(existing.id());
                    issues.add(new SyncIssue(existing.id(), SyncIssue.Kind.THREAD_WITHOUT_CARD, BatchState.INCOMPLETE,
                            "container " + container.id() + " is there but the batch's card is gone from the index"));
                }
            }
        }

        /**
         * A reset keeps only what the remote has: a local batch with neither card nor container was
         * deleted elsewhere (or never got that far). A running upload is left alone.
         */
        private void dropBatchesTheRemoteLacks() {
            for (BatchRecord batch : local.values()) {
                if (!seen.contains(batch.id()) && batch.state() != BatchState.UPLOADING
                        && !removed.contains(batch.id())) {
                    metadata.deleteBatch(batch.id());
                    removed.add(batch.id());
                }
            }
        }

        /**
         * Deep incremental: a known batch whose container left the listing was deleted elsewhere (its
         * card is gone too: drop it) or lost its chunks (its card remains: it is damaged). Each absence
         * is confirmed by asking for the container itself, so a short listing cannot drop a batch.
         */
        private void checkContainersOfKnownBatches() throws IOException {
            for (BatchRecord batch : local.values()) {
                boolean settled = batch.state() == BatchState.COMPLETE || batch.state() == BatchState.DAMAGED
                        || batch.state() == BatchState.INCOMPLETE;
                if (seen.contains(batch.id()) || removed.contains(batch.id()) || !settled
                        || batch.storageThreadId() == null || listedContainers.contains(batch.storageThreadId())
                        || containerExists(batch.storageThreadId())) {
                    continue;
                }
                boolean carded = batch.indexMessageId() != null
                        && remote.getPost(indexArea, batch.indexMessageId()).isPresent();
                if (!carded) {
                    metadata.deleteBatch(batch.id());
                    removed.add(batch.id());
                    continue;
                }
                if (batch.state() == BatchState.DAMAGED) {
                    unchanged++;
                } else {
                    metadata.updateBatch(batch.withState(BatchState.DAMAGED));
                    updated.add(batch.id());
                }
                issues.add(CardRebuild.cardWithoutThread(batch.id(), batch.storageThreadId(), batch.chunkCount()));
            }
        }

        private boolean containerExists(String containerId) throws RemoteException {
            try {
                remote.listPosts(containerId, null, 1);
                return true;
            } catch (RemoteException.NotFound | RemoteException.Rejected gone) {
                return false;
            }
        }
    }

    private static <T> T await(Future<T> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("sync interrupted");
        } catch (CancellationException e) {
            throw new InterruptedIOException("sync cancelled");
        } catch (ExecutionException e) {
            throw Failures.asIOException(e.getCause());
        }
    }

    /** Batch containers by the batch their name carries; the first listed wins for a duplicated name. */
    private static Map<BatchId, ContainerInfo> containersByBatch(List<ContainerInfo> containers) {
        Map<BatchId, ContainerInfo> byBatch = new LinkedHashMap<>();
        for (ContainerInfo container : containers) {
            RemoteNameParser.containerBatch(container.name()).ifPresent(b -> byBatch.putIfAbsent(b, container));
        }
        return byBatch;
    }
}
