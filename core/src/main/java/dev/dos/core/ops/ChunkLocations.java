package dev.dos.core.ops;

import dev.dos.core.format.BatchId;
import dev.dos.core.io.Failures;
import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.BatchState;
import dev.dos.core.meta.ChunkRecord;
import dev.dos.core.meta.ChunkState;
import dev.dos.core.meta.MetadataStore;
import dev.dos.core.remote.Blob;
import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.StorageRemote;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Looks up where a batch's {@link ChunkState#REMOTE} chunks are (docs/FORMAT.md section 17.5): a
 * sync that rebuilt the batch from its card recorded them as "stored in one of the batch's lanes"
 * without reading any thread, so the first restore, verify or stream that needs them lists each lane
 * once (a page of 100 posts per request; the lanes at once, each its own rate-limit bucket) and
 * matches each chunk by name and size, as a rebuild that walks the threads does. Found chunks become
 * POSTED with their ids; a chunk not found is missing (PLANNED) and the batch DAMAGED, exactly what
 * a deep rebuild would have recorded. A batch without REMOTE chunks costs nothing.
 */
final class ChunkLocations {
    private ChunkLocations() {
    }

    /** The batch's chunk rows, every REMOTE one looked up first. */
    static List<ChunkRecord> resolve(Repository repo, BatchRecord batch) throws IOException {
        MetadataStore metadata = repo.metadata();
        List<ChunkRecord> rows = metadata.chunks(batch.id());
        if (rows.stream().noneMatch(c -> c.state() == ChunkState.REMOTE)) {
            return rows;
        }
        BatchId batchId = BatchId.parse(batch.id());
        List<String> containers = new ArrayList<>();
        if (batch.storageThreadId() != null) {
            containers.add(batch.storageThreadId());
        }
        containers.addAll(metadata.lanes(batch.id()));
        ThreadChunks found = walkAll(repo.remote(), containers, batchId);
        List<ChunkRecord> located = new ArrayList<>();
        boolean missing = false;
        for (ChunkRecord row : rows) {
            if (row.state() != ChunkState.REMOTE) {
                continue;
            }
            Optional<Blob> blob = found == null ? Optional.empty() : found.find(row.index(), row.size());
            missing |= blob.isEmpty();
            located.add(new ChunkRecord(row.batchId(), row.index(), row.size(), row.sha256(), row.plainSize(),
                    blob.isPresent() ? ChunkState.POSTED : ChunkState.PLANNED, blob.map(Blob::ref).orElse(null),
                    row.last()));
        }
        metadata.putChunks(located);
        if (missing && batch.state() == BatchState.COMPLETE) {
            metadata.moveBatch(batch.id(), BatchState.COMPLETE, BatchState.DAMAGED);
        }
        return metadata.chunks(batch.id());
    }

    /** The chunks found in every container that exists, each walked on a thread of its own; null if none exists. */
    private static ThreadChunks walkAll(StorageRemote remote, List<String> containers, BatchId batchId)
            throws IOException {
        try (ExecutorService walkers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ThreadChunks>> walks = new ArrayList<>();
            for (String container : containers) {
                walks.add(walkers.submit(() -> {
                    try {
                        return ThreadChunks.walk(remote, container, batchId);
                    } catch (RemoteException.NotFound | RemoteException.Rejected gone) {
                        return null; // its chunks are missing
                    }
                }));
            }
            ThreadChunks all = null;
            for (Future<ThreadChunks> walk : walks) {
                ThreadChunks one = walk.get();
                if (one != null) {
                    all = all == null ? one : all.plus(one);
                }
            }
            return all;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while looking up chunks");
        } catch (ExecutionException e) {
            throw Failures.asIOException(e.getCause());
        }
    }
}
