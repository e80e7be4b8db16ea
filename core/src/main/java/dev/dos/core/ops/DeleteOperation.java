package dev.dos.core.ops;

import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.BatchState;
import dev.dos.core.remote.StorageRemote;
import java.io.IOException;

/**
 * Deletes a batch: first it is marked DELETING locally, then its card and its container go from
 * the remote, then its local rows. Every step tolerates "already gone", so an interrupted delete
 * is finished by running it again.
 */
public final class DeleteOperation {
    private final Repository repo;

    public DeleteOperation(Repository repo) {
        this.repo = repo;
    }

    /** Deletes batch {@code idOrPrefix}; returns the full id of what was deleted. */
    public String delete(String idOrPrefix) throws IOException {
        BatchRecord batch = new Catalog(repo).resolve(idOrPrefix);
        if (batch.state() != BatchState.DELETING) {
            repo.metadata().updateBatch(batch.withState(BatchState.DELETING));
        }
        StorageRemote remote = repo.remote();
        if (batch.indexMessageId() != null) {
            remote.deletePost(remote.areaId(StorageRemote.Area.INDEX), batch.indexMessageId());
        }
        if (batch.storageThreadId() != null) {
            remote.deleteContainer(batch.storageThreadId());
        }
        repo.metadata().deleteBatch(batch.id());
        return batch.id();
    }
}
