package dev.dos.core.ops;

import dev.dos.core.format.BatchId;
import dev.dos.core.remote.Blob;
import dev.dos.core.remote.PostPages;
import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.StorageRemote;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The chunk blobs found in a batch's container, by the index in their names. A retried post may
 * have left a duplicate behind, so an index may have several blobs; they are kept in posting order.
 *
 * @param byIndex     chunk blobs by index
 * @param firstPostAt when the container's first post was made; null if it has none
 */
record ThreadChunks(Map<Integer, List<Blob>> byIndex, Instant firstPostAt) {

    /**
     * Walks every post of {@code containerId}.
     *
     * @throws RemoteException.NotFound if the container does not exist
     */
    static ThreadChunks walk(StorageRemote remote, String containerId, BatchId batch) throws RemoteException {
        Map<Integer, List<Blob>> byIndex = new TreeMap<>();
        Instant[] first = {null};
        PostPages.forEach(remote, containerId, null, post -> {
            if (first[0] == null) {
                first[0] = post.createdAt();
            }
            for (Blob blob : post.blobs()) {
                OptionalInt index = RemoteNameParser.chunkIndex(batch, blob.name());
                if (index.isPresent()) {
                    byIndex.computeIfAbsent(index.getAsInt(), i -> new ArrayList<>()).add(blob);
                }
            }
        });
        return new ThreadChunks(byIndex, first[0]);
    }

    /** The chunks of this container and {@code other} (another lane of the batch) together. */
    ThreadChunks plus(ThreadChunks other) {
        Map<Integer, List<Blob>> all = new TreeMap<>();
        byIndex.forEach((i, blobs) -> all.computeIfAbsent(i, n -> new ArrayList<>()).addAll(blobs));
        other.byIndex.forEach((i, blobs) -> all.computeIfAbsent(i, n -> new ArrayList<>()).addAll(blobs));
        Instant first = firstPostAt == null ? other.firstPostAt
                : other.firstPostAt == null || firstPostAt.isBefore(other.firstPostAt) ? firstPostAt : other.firstPostAt;
        return new ThreadChunks(all, first);
    }

    /** The first blob of chunk {@code index} that has the expected size. */
    Optional<Blob> find(int index, long size) {
        return byIndex.getOrDefault(index, List.of()).stream().filter(b -> b.size() == size).findFirst();
    }

    /** Whether some blob of chunk {@code index} is there, at whatever size. */
    boolean hasAny(int index) {
        return byIndex.containsKey(index);
    }
}
