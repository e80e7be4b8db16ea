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
 * Only our own posts count: others' are skipped and counted.
 *
 * @param byIndex      chunk blobs by index
 * @param firstPostAt  when the container's first post was made; null if it has none
 * @param foreignPosts posts someone else made in the container (ignored)
 */
record ThreadChunks(Map<Integer, List<Blob>> byIndex, Instant firstPostAt, int foreignPosts) {

    /**
     * Walks every post of {@code containerId}.
     *
     * @throws RemoteException.NotFound if the container does not exist
     */
    static ThreadChunks walk(StorageRemote remote, String containerId, BatchId batch) throws RemoteException {
        Map<Integer, List<Blob>> byIndex = new TreeMap<>();
        Instant[] first = {null};
        int[] foreign = {0};
        PostPages.forEach(remote, containerId, null, post -> {
            if (!post.ours()) {
                foreign[0]++;
                return;
            }
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
        return new ThreadChunks(byIndex, first[0], foreign[0]);
    }

    /** The chunks of this container and {@code other} (another lane of the batch) together. */
    ThreadChunks plus(ThreadChunks other) {
        Map<Integer, List<Blob>> all = new TreeMap<>();
        byIndex.forEach((i, blobs) -> all.computeIfAbsent(i, n -> new ArrayList<>()).addAll(blobs));
        other.byIndex.forEach((i, blobs) -> all.computeIfAbsent(i, n -> new ArrayList<>()).addAll(blobs));
        Instant first = firstPostAt == null ? other.firstPostAt
                : other.firstPostAt == null || firstPostAt.isBefore(other.firstPostAt) ? firstPostAt : other.firstPostAt;
        return new ThreadChunks(all, first, foreignPosts + other.foreignPosts);
    }

    /** The first blob of chunk {@code index} that has the expected size. */
    Optional<Blob> find(int index, long size) {
        return byIndex.getOrDefault(index, List.of()).stream().filter(b -> b.size() == size).findFirst();
    }

    /** The issue to report when someone else posted into the batch's containers; empty if nobody did. */
    Optional<SyncIssue> foreignIssue(String batchId, dev.dos.core.meta.BatchState recordedAs) {
        return foreignPosts == 0 ? Optional.empty() : Optional.of(new SyncIssue(batchId, SyncIssue.Kind.FOREIGN_POSTS,
                recordedAs, foreignPosts + " post(s) in its containers were not made by our bot; ignored"));
    }

    /** Whether some blob of chunk {@code index} is there, at whatever size. */
    boolean hasAny(int index) {
        return byIndex.containsKey(index);
    }
}
