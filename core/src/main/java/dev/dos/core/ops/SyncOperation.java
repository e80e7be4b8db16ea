package dev.dos.core.ops;

import dev.dos.core.format.BatchId;
import dev.dos.core.meta.BatchQuery;
import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.BatchSnapshot;
import dev.dos.core.meta.BatchState;
import dev.dos.core.meta.MetadataStore;
import dev.dos.core.meta.Page;
import dev.dos.core.meta.SettingKeys;
import dev.dos.core.ops.IndexCards.CardPost;
import dev.dos.core.remote.ContainerInfo;
import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.StorageRemote;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Brings the local index in line with the remote: every batch describes itself remotely (a card
 * in the index area with its encrypted manifest, a container with its chunks), so the index can
 * be rebuilt from the remote alone and machines sharing a store and a key see each other's batches.
 *
 * <p>Incremental ({@link #sync}): reads only the cards posted since the last sync (a cursor in the
 * settings: the newest index post seen), plus the container listing, to find batches uploaded,
 * abandoned or deleted elsewhere. Reset ({@link #reset}): reads every card and re-imports every
 * batch, then drops local batches the remote no longer has.
 *
 * <p>Each batch is stored in its own transaction ({@link MetadataStore#importBatch}) replacing the
 * old rows, so the index is never half-empty: an interrupted sync leaves some batches already new
 * and the rest as they were, and running it again finishes it. The cursor moves past a card only
 * once that card's batch is stored. A reset rebuilds in place rather than into a fresh file
 * swapped in afterwards: renaming a database over one that is open (here, or in the dashboard)
 * would pair the new file with the old one's write-ahead log.
 *
 * <p>Disagreements between cards and containers are reported as {@link SyncIssue}s and recorded
 * in the batch's state; none stops the sync. Remote failures that a later run may not meet
 * (network, rate limits, permissions) do stop it, with the cursor where it got to.
 */
public final class SyncOperation {
    private static final int LOCAL_PAGE = 500;

    private final Repository repo;

    public SyncOperation(Repository repo) {
        this.repo = repo;
    }

    /** Adds and updates what was uploaded, abandoned or deleted elsewhere since the last sync. */
    public SyncReport sync(SyncListener listener) throws IOException {
        return new Run(false, listener).execute();
    }

    /** Rebuilds the whole index from the remote alone; jobs, settings and resume sources stay. */
    public SyncReport reset(SyncListener listener) throws IOException {
        return new Run(true, listener).execute();
    }

    /** The state of one sync while it runs. */
    private final class Run {
        private final boolean reset;
        private final SyncListener listener;
        private final StorageRemote remote = repo.remote();
        private final MetadataStore metadata = repo.metadata();
        private final String cursorKey;
        private final Map<String, BatchRecord> local = new LinkedHashMap<>();
        /** Batches the remote still shows a card or container of (any key). */
        private final Set<String> seen = new HashSet<>();
        private final List<String> added = new ArrayList<>();
        private final List<String> updated = new ArrayList<>();
        private final List<String> removed = new ArrayList<>();
        private final List<SyncIssue> issues = new ArrayList<>();
        private int unchanged;
        private int cardsRead;
        private int total;
        private CardRebuild cards;

        Run(boolean reset, SyncListener listener) {
            this.reset = reset;
            this.listener = listener;
            this.cursorKey = SettingKeys.syncCursor(remote.areaId(StorageRemote.Area.INDEX));
        }

        SyncReport execute() throws IOException {
            if (reset) {
                metadata.removeSetting(cursorKey);
            }
            String start = reset ? null : metadata.setting(cursorKey).orElse(null);
            // Containers first: an upload finishing meanwhile then shows its card without its
            // container (the card leads to it), never its container without its card (a false orphan).
            List<ContainerInfo> containers = remote.listContainers();
            IndexCards.Listing listing = IndexCards.after(remote, start);
            Map<BatchId, ContainerInfo> containerOfBatch = containersByBatch(containers);
            loadLocal();
            cards = new CardRebuild(repo.remote(), repo.key(), idsOf(containerOfBatch));

            for (CardPost planted : listing.foreign()) {
                issues.add(new SyncIssue(planted.card().batchId(), SyncIssue.Kind.FOREIGN_POSTS, null,
                        "card post " + planted.postId() + " claims this batch but was not posted by our bot; ignored"));
            }
            Map<BatchId, ContainerInfo> orphans = orphans(containerOfBatch, listing.cards());
            total = listing.cards().size() + orphans.size();
            listener.examining(total);
            for (CardPost post : listing.cards()) {
                syncCard(post);
                metadata.putSetting(cursorKey, post.postId());
            }
            if (listing.lastPostId() != null) {
                metadata.putSetting(cursorKey, listing.lastPostId());
            }
            if (start != null && !orphans.isEmpty()) {
                explainByOlderCards(orphans);
            }
            OrphanRebuild rebuild = new OrphanRebuild(remote, repo.key());
            for (Map.Entry<BatchId, ContainerInfo> orphan : orphans.entrySet()) {
                syncOrphan(orphan.getKey(), orphan.getValue(), rebuild);
            }
            if (reset) {
                dropBatchesTheRemoteLacks();
            } else {
                checkContainersOfKnownBatches(containers);
            }
            return new SyncReport(reset, cardsRead, added, updated, unchanged, removed, issues);
        }

        private void loadLocal() {
            for (int offset = 0; ; offset += LOCAL_PAGE) {
                Page<BatchRecord> page = metadata.listBatches(BatchQuery.all().page(offset, LOCAL_PAGE));
                page.items().forEach(b -> local.put(b.id(), b));
                if (!page.hasMore()) {
                    return;
                }
            }
        }

        /**
         * Containers with no card among those read. In a reset, every such container; otherwise
         * only those the index knows nothing of (its own batches explain theirs).
         */
        private Map<BatchId, ContainerInfo> orphans(Map<BatchId, ContainerInfo> containerOfBatch, List<CardPost> read) {
            Set<String> carded = new HashSet<>();
            read.forEach(post -> carded.add(BatchId.parse(post.card().batchId()).hex()));
            Set<String> localContainers = new HashSet<>();
            local.values().forEach(b -> localContainers.add(b.storageThreadId()));
            Map<BatchId, ContainerInfo> orphans = new LinkedHashMap<>();
            containerOfBatch.forEach((batch, container) -> {
                boolean known = local.containsKey(batch.hex()) || localContainers.contains(container.id());
                if (!carded.contains(batch.hex()) && (reset || !known)) {
                    orphans.put(batch, container);
                }
            });
            return orphans;
        }

        /**
         * An incremental sync reads only new cards, but a container it does not know may belong to
         * an older card it skipped (another key's batch) or never stored: read all cards to tell.
         */
        private void explainByOlderCards(Map<BatchId, ContainerInfo> orphans) throws IOException {
            List<CardPost> older = new ArrayList<>();
            for (CardPost post : IndexCards.after(remote, null).cards()) {
                BatchId batch = BatchId.parse(post.card().batchId());
                if (orphans.containsKey(batch) && !seen.contains(batch.hex())) {
                    older.add(post);
                }
            }
            if (older.isEmpty()) {
                return;
            }
            total += older.size();
            listener.examining(total);
            for (CardPost post : older) {
                orphans.remove(BatchId.parse(post.card().batchId()));
                syncCard(post);
            }
        }

        private void syncCard(CardPost post) throws IOException {
            String id = BatchId.parse(post.card().batchId()).hex();
            cardsRead++;
            // A retried post may leave a second card for one batch: the first one read describes it.
            if (seen.add(id)) {
                storeCard(post, local.get(id));
            }
            listener.examined(id);
        }

        private void storeCard(CardPost post, BatchRecord existing) throws IOException {
            if (existing != null && existing.state() == BatchState.DELETING) {
                unchanged++; // a delete is under way: it must not be undone by its own leftovers
                return;
            }
            if (!reset && existing != null && post.postId().equals(existing.indexMessageId())
                    && (existing.state() == BatchState.COMPLETE || existing.state() == BatchState.DAMAGED)) {
                unchanged++; // posted by this machine, or synced before: the index already holds it
                return;
            }
            Optional<byte[]> localManifest = existing == null ? Optional.empty() : metadata.manifest(existing.id());
            Rebuilt rebuilt = cards.rebuild(post, localManifest);
            issues.addAll(rebuilt.issues());
            if (rebuilt.snapshot() != null) {
                store(existing == null ? rebuilt.snapshot() : keepLocalFacts(rebuilt.snapshot(), existing), existing,
                        localManifest);
            }
        }

        private void syncOrphan(BatchId batch, ContainerInfo container, OrphanRebuild rebuild) throws IOException {
            seen.add(batch.hex());
            BatchRecord existing = local.get(batch.hex());
            if (existing != null && (existing.state() != BatchState.INCOMPLETE
                    || metadata.source(existing.id()).isPresent())) {
                keepLocalUpload(existing, container);
            } else {
                // Unknown here, or known only from an earlier sync: the container says all there is.
                Rebuilt rebuilt = rebuild.rebuild(container, batch, repo.clock().instant());
                issues.addAll(rebuilt.issues());
                if (rebuilt.snapshot() != null) {
                    store(rebuilt.snapshot(), existing, Optional.empty());
                }
            }
            listener.examined(batch.hex());
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
         * What only this machine knows stays: the display name (unless a sync made it up for want of
         * a manifest) and the completion time. The state is the remote's verdict.
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
            return new BatchSnapshot(merged, snapshot.chunks(), snapshot.encryptedManifest(), snapshot.entries());
        }

        private void store(BatchSnapshot snapshot, BatchRecord existing, Optional<byte[]> localManifest) {
            String id = snapshot.batch().id();
            if (existing == null) {
                metadata.importBatch(snapshot);
                added.add(id);
            } else if (existing.equals(snapshot.batch()) && metadata.chunks(id).equals(snapshot.chunks())
                    && Arrays.equals(localManifest.orElse(null), snapshot.encryptedManifest())) {
                unchanged++;
            } else {
                metadata.importBatch(snapshot);
                updated.add(id);
            }
        }

        /**
         * A reset keeps only what the remote has: a local batch with neither card nor container was
         * deleted elsewhere (or never got that far). A running upload is left alone.
         */
        private void dropBatchesTheRemoteLacks() {
            for (BatchRecord batch : local.values()) {
                if (!seen.contains(batch.id()) && batch.state() != BatchState.UPLOADING) {
                    metadata.deleteBatch(batch.id());
                    removed.add(batch.id());
                }
            }
        }

        /**
         * Incremental: a known batch whose container left the listing was deleted elsewhere (its card
         * is gone too: drop it) or lost its chunks (its card remains: it is damaged). Each absence is
         * confirmed by asking for the container itself, so a short listing cannot drop a batch.
         */
        private void checkContainersOfKnownBatches(List<ContainerInfo> containers) throws IOException {
            Set<String> listed = new HashSet<>();
            containers.forEach(c -> listed.add(c.id()));
            String index = remote.areaId(StorageRemote.Area.INDEX);
            for (BatchRecord batch : local.values()) {
                boolean settled = batch.state() == BatchState.COMPLETE || batch.state() == BatchState.DAMAGED
                        || batch.state() == BatchState.INCOMPLETE;
                if (seen.contains(batch.id()) || !settled || batch.storageThreadId() == null
                        || listed.contains(batch.storageThreadId()) || containerExists(batch.storageThreadId())) {
                    continue;
                }
                boolean carded = batch.indexMessageId() != null && remote.getPost(index, batch.indexMessageId()).isPresent();
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
                issues.add(new SyncIssue(batch.id(), SyncIssue.Kind.CARD_WITHOUT_THREAD, BatchState.DAMAGED,
                        "its container " + batch.storageThreadId() + " is gone: all " + batch.chunkCount()
                                + " chunks are missing"));
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

    /** Batch containers by the batch their name carries; the first listed wins for a duplicated name. */
    private static Map<BatchId, ContainerInfo> containersByBatch(List<ContainerInfo> containers) {
        Map<BatchId, ContainerInfo> byBatch = new LinkedHashMap<>();
        for (ContainerInfo container : containers) {
            RemoteNameParser.containerBatch(container.name()).ifPresent(b -> byBatch.putIfAbsent(b, container));
        }
        return byBatch;
    }

    private static Map<BatchId, String> idsOf(Map<BatchId, ContainerInfo> containerOfBatch) {
        Map<BatchId, String> ids = new LinkedHashMap<>();
        containerOfBatch.forEach((batch, container) -> ids.put(batch, container.id()));
        return ids;
    }
}
