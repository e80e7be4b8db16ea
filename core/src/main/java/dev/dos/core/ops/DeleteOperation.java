package dev.dos.core.ops;

import dev.dos.core.format.BatchId;
import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.BatchState;
import dev.dos.core.meta.MetadataStore;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.StorageRemote;
import java.io.IOException;

/**
 * Deletes a batch: first it is marked DELETING locally, then its card and its container go from
 * the remote, then its local rows. Every step tolerates "already gone", so an interrupted delete
 * is finished by running it again.
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
        try (UploadLock lock = UploadLock.tryAcquire(metadata, id).orElseThrow(() -> new BatchBusyException(id))) {
            BatchRecord batch = metadata.batch(id).orElseThrow(() -> new BatchNotFoundException("no batch " + id));
            if (batch.state() != BatchState.DELETING) {
                metadata.updateBatch(batch.withState(BatchState.DELETING));
            }
            StorageRemote remote = repo.remote();
            BatchId batchId = BatchId.parse(id);
            String area = remote.areaId(StorageRemote.Area.INDEX);
            if (batch.indexMessageId() != null) {
                remote.deletePost(area, batch.indexMessageId());
            } else if (metadata.manifest(id).isPresent()) { // the card may have been posted unrecorded
                for (Post card : RemoteLeftovers.cards(remote, batchId)) {
                    remote.deletePost(area, card.id());
                }
            }
            if (batch.storageThreadId() != null) {
                remote.deleteContainer(batch.storageThreadId());
            } else {
                for (String container : RemoteLeftovers.containers(remote, batchId)) {
                    remote.deleteContainer(container);
                }
            }
            metadata.deleteBatch(id);
            lock.discard();
            return id;
        }
    }
}
