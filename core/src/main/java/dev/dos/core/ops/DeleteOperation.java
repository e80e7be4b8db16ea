package dev.dos.core.ops;

import dev.dos.core.format.BatchId;
import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.BatchState;
import dev.dos.core.meta.MetadataStore;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.StorageRemote;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Deletes a batch: first it is marked DELETING locally, then its card goes from the remote, then a
 * deletion record is posted in the index area (so that other machines' syncs drop the batch too),
 * then its threads go, then its local rows (docs/FORMAT.md section 17.1). Every step tolerates
 * "already gone", so an interrupted delete is finished by running it again.
 *
 * <p>A batch whose upload was interrupted may have left a thread or a card whose id the index
 * never learned (the process died between the remote's answer and the journal); those are found
 * by their clear names ({@link RemoteLeftovers}) and removed too. A batch being uploaded right
 * now by another process is refused.
 */
public final class DeleteOperation {
    private final Repository repo;

    public DeleteOperation(Repository repo) {
        this.repo = repo;
    }

    /** Deletes batch {@code idOrPrefix}; returns the full id of what was deleted. */
    public String delete(String idOrPrefix) throws IOException {
        MetadataStore metadata = repo.metadata();
        String id = new Catalog(repo).resolve(idOrPrefix).id();
        repo.remote().limits(); // a refused token fails here, before the batch is marked DELETING
        try (UploadLock lock = UploadLock.tryAcquire(metadata, id).orElseThrow(() -> new BatchBusyException(id))) {
            BatchRecord batch = metadata.batch(id).orElseThrow(() -> new BatchNotFoundException("no batch " + id));
            if (batch.state() != BatchState.DELETING) {
                metadata.updateBatch(batch.withState(BatchState.DELETING));
            }
            StorageRemote remote = repo.remote();
            BatchId batchId = BatchId.parse(id);
            String area = remote.areaId(StorageRemote.Area.INDEX);
            Set<String> containers = containersOf(batch, batchId);
            if (batch.indexMessageId() != null) {
                remote.deletePost(area, batch.indexMessageId());
            } else if (metadata.manifest(id).isPresent()) { // the card may have been posted unrecorded
                for (Post card : RemoteLeftovers.cards(remote, batchId)) {
                    remote.deletePost(area, card.id());
                }
            }
            // Once the card is gone, and before the threads go: other machines' syncs read this record
            // after their cursor and drop the batch too (docs/FORMAT.md section 17.1).
            remote.post(area, new DeletionRecord(id).render(), List.of());
            for (String container : containers) {
                remote.deleteContainer(container);
            }
            metadata.deleteBatch(id);
            lock.discard();
            return id;
        }
    }

    /**
     * Every container of the batch: its recorded one and lanes (from the upload's saved source,
     * the chunk journal and the card), or, when the index cannot know them all (no container
     * recorded, or a batch known only from its threads), the ones named for it.
     */
    private Set<String> containersOf(BatchRecord batch, BatchId batchId) throws IOException {
        StorageRemote remote = repo.remote();
        Set<String> containers = new LinkedHashSet<>();
        if (batch.storageThreadId() != null) {
            containers.add(batch.storageThreadId());
        }
        Optional<String> source = repo.metadata().source(batch.id());
        source.ifPresent(json -> containers.addAll(UploadSource.laneIdsIn(json)));
        repo.metadata().chunks(batch.id()).stream().filter(c -> c.remote() != null)
                .forEach(c -> containers.add(c.remote().containerId()));
        List<String> lanes = repo.metadata().lanes(batch.id());
        containers.addAll(lanes);
        if (batch.indexMessageId() != null && source.isEmpty() && lanes.isEmpty()) { // the card lists the lanes
            remote.getPost(remote.areaId(StorageRemote.Area.INDEX), batch.indexMessageId())
                    .flatMap(post -> BatchCard.parse(post.text()))
                    .filter(card -> card.batchId().equals(batch.id()))
                    .ifPresent(card -> containers.addAll(card.containers()));
        }
        boolean lanesUnknown = batch.storageThreadId() == null
                || (source.isEmpty() && batch.indexMessageId() == null);
        if (lanesUnknown) {
            containers.addAll(RemoteLeftovers.containers(remote, batchId));
            RemoteLeftovers.lanes(remote, batchId).values().forEach(containers::addAll);
        }
        return containers;
    }
}
