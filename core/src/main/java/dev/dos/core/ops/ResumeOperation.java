package dev.dos.core.ops;

import dev.dos.core.meta.BatchQuery;
import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.BatchSort;
import dev.dos.core.meta.BatchState;
import dev.dos.core.meta.ChunkRecord;
import dev.dos.core.meta.ChunkState;
import dev.dos.core.meta.MetadataStore;
import dev.dos.core.meta.Page;
import dev.dos.core.pack.SourceSnapshot;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Continues uploads that stopped before their batch was complete: interrupted, killed, cut off by
 * a power loss or by remote errors that outlasted the retries. Before touching anything it checks
 * that the sources still look exactly as when the upload began; then it packs them again (same
 * batch id, same options, so the same bytes) through the path uploads take, which skips or adopts
 * what the remote already holds. See docs/FORMAT.md, "Resume".
 */
public final class ResumeOperation {
    private static final int MAX_DIFFERENCES = 5;
    private static final int PAGE = 500;

    private final Repository repo;
    private final TransferOptions transfers;

    /** One chunk at a time ({@link TransferOptions#serial()}). */
    public ResumeOperation(Repository repo) {
        this(repo, TransferOptions.serial());
    }

    /** Posts up to {@code transfers.transfers()} chunk posts at a time into the batch's lanes. */
    public ResumeOperation(Repository repo, TransferOptions transfers) {
        this.repo = repo;
        this.transfers = java.util.Objects.requireNonNull(transfers, "transfers");
    }

    /**
     * A batch that can be resumed.
     *
     * @param batch          the batch (INCOMPLETE)
     * @param chunksStored   chunks confirmed on the remote
     * @param chunksPacked   chunks packed so far (confirmed or not); the total is known only at the end
     */
    public record Resumable(BatchRecord batch, int chunksStored, int chunksPacked) {
    }

    /**
     * Marks as INCOMPLETE every batch still UPLOADING whose uploader is gone (its process died
     * without saying so); batches being uploaded right now are left alone. Returns their ids.
     */
    public List<String> reclaimAbandoned() throws IOException {
        return reclaimAbandoned(repo.metadata());
    }

    /**
     * As {@link #reclaimAbandoned()}, on the local index alone: it needs neither the key nor the
     * remote, so commands that only read the index ({@code dos list}) can call it without them.
     */
    public static List<String> reclaimAbandoned(MetadataStore metadata) throws IOException {
        List<String> reclaimed = new ArrayList<>();
        for (BatchRecord batch : inState(metadata, BatchState.UPLOADING)) {
            Optional<UploadLock> lock = UploadLock.tryAcquire(metadata, batch.id());
            if (lock.isEmpty()) {
                continue; // its uploader is alive
            }
            try (UploadLock held = lock.get()) {
                if (metadata.moveBatch(batch.id(), BatchState.UPLOADING, BatchState.INCOMPLETE)) {
                    reclaimed.add(batch.id());
                }
            }
        }
        return reclaimed;
    }

    /** The batches {@link #resume} can continue, newest first, after {@link #reclaimAbandoned()}. */
    public List<Resumable> resumable() throws IOException {
        reclaimAbandoned();
        List<Resumable> out = new ArrayList<>();
        for (BatchRecord batch : inState(BatchState.INCOMPLETE)) {
            List<ChunkRecord> chunks = repo.metadata().chunks(batch.id());
            int stored = (int) chunks.stream().filter(c -> c.state() == ChunkState.POSTED).count();
            out.add(new Resumable(batch, stored, chunks.size()));
        }
        return out;
    }

    /**
     * Throws what {@link #resume} would throw for the batch's state, and changes nothing: for a
     * caller that runs the resume later (a web job) and should refuse at once, by the same rule.
     *
     * @throws BatchNotFoundException if no batch matches
     * @throws NotResumableException  if the batch is complete, damaged or being deleted
     */
    public void checkResumable(String idOrPrefix) {
        refuseUnlessResumable(new Catalog(repo).resolve(idOrPrefix));
    }

    /**
     * Continues batch {@code idOrPrefix} until it is complete.
     *
     * @throws BatchBusyException      if another process is uploading it right now
     * @throws NotResumableException   if the batch is complete, being deleted, or has no saved source
     * @throws SourceChangedException  if its files changed since the upload began
     * @throws IncompleteUploadException if this attempt stopped too (it can be resumed again)
     */
    public ResumeResult resume(String idOrPrefix, ProgressListener listener) throws IOException {
        MetadataStore metadata = repo.metadata();
        String id = new Catalog(repo).resolve(idOrPrefix).id();
        try (UploadLock lock = UploadLock.tryAcquire(metadata, id).orElseThrow(() -> new BatchBusyException(id))) {
            // Read again under the lock: the state seen before may be stale.
            BatchRecord batch = metadata.batch(id).orElseThrow(() -> new BatchNotFoundException("no batch " + id));
            if (batch.state() == BatchState.UPLOADING) {
                // Its lock was free, so its uploader died without a word; holding the lock makes it ours.
                metadata.moveBatch(id, BatchState.UPLOADING, BatchState.INCOMPLETE);
                batch = batch.withState(BatchState.INCOMPLETE);
            }
            refuseUnlessResumable(batch);
            UploadSource source = UploadSource.fromJson(id, metadata.source(id).orElseThrow(() ->
                    new NotResumableException("batch " + id + " stopped before anything was recorded, so there is"
                            + " nothing to resume; remove it with 'dos delete " + id.substring(0, 8) + "'")));
            checkUnchanged(id, source);
            TransferOptions fitted = HeapBudget.fit(transfers,
                    UploadOperation.postBytes(repo.remote().limits(), source.chunkTargetBytes()),
                    HeapBudget.UPLOAD_EXTRA, "post", listener);
            if (!metadata.moveBatch(id, BatchState.INCOMPLETE, BatchState.UPLOADING)) {
                throw new NotResumableException("batch " + id + " was changed by another process; try again");
            }
            BatchUploader.Outcome outcome = new BatchUploader(repo, fitted, listener)
                    .run(batch.withState(BatchState.UPLOADING), source, true);
            lock.discard();
            return new ResumeResult(outcome.result(), outcome.chunksSkipped(), outcome.chunksAdopted(),
                    outcome.chunksPosted(), outcome.postsRemoved());
        }
    }

    private static void refuseUnlessResumable(BatchRecord batch) {
        String id8 = batch.id().substring(0, 8);
        switch (batch.state()) {
            case UPLOADING, INCOMPLETE -> {
            }
            case COMPLETE -> throw new NotResumableException("batch " + batch.id() + " is already complete");
            case DAMAGED -> throw new NotResumableException("batch " + batch.id()
                    + " is complete but failed verification; resume cannot repair it ('dos verify " + id8 + "')");
            case DELETING -> throw new NotResumableException("batch " + batch.id()
                    + " is being deleted; finish that with 'dos delete " + id8 + "'");
        }
    }

    /** Refuses when the sources differ in any way from the snapshot taken when the upload began. */
    private static void checkUnchanged(String id, UploadSource source) throws IOException {
        SourceSnapshot now;
        try {
            now = SourceSnapshot.take(source.roots(), source.followSymlinks());
        } catch (NoSuchFileException gone) {
            throw new SourceChangedException(id, List.of("removed: " + gone.getFile()));
        }
        List<String> differences = now.differencesFrom(source.snapshot(), MAX_DIFFERENCES);
        if (!differences.isEmpty()) {
            throw new SourceChangedException(id, differences);
        }
    }

    private List<BatchRecord> inState(BatchState state) {
        return inState(repo.metadata(), state);
    }

    private static List<BatchRecord> inState(MetadataStore metadata, BatchState state) {
        List<BatchRecord> out = new ArrayList<>();
        BatchQuery query = BatchQuery.all().inStates(Set.of(state)).sortedBy(BatchSort.CREATED, true);
        Page<BatchRecord> page;
        do {
            page = metadata.listBatches(query.page(out.size(), PAGE));
            out.addAll(page.items());
        } while (page.hasMore() && !page.items().isEmpty());
        return out;
    }
}
