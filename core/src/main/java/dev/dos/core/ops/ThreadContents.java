package dev.dos.core.ops;

import dev.dos.core.format.BatchId;
import dev.dos.core.remote.Blob;
import dev.dos.core.remote.BlobRef;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.PostPages;
import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.StorageRemote;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The chunk blobs a batch's container (or all its lanes, {@link #plus}) held when a resume began, read once, page by page. Chunk
 * names say batch and index ({@link RemoteNames#chunk}), so resume can find a chunk that reached
 * the remote although its confirmation never reached the journal, check that the journal's
 * POSTED chunks are really there, and spot posts that nothing refers to (duplicates).
 */
final class ThreadContents {
    /** What a container created just now holds. */
    static final ThreadContents EMPTY = new ThreadContents(List.of(), Map.of(), Set.of());

    private final List<Post> chunkPosts;
    private final Map<String, List<Blob>> blobsByName;
    private final Set<BlobRef> refs;

    private ThreadContents(List<Post> chunkPosts, Map<String, List<Blob>> blobsByName, Set<BlobRef> refs) {
        this.chunkPosts = chunkPosts;
        this.blobsByName = blobsByName;
        this.refs = refs;
    }

    /** Reads container {@code containerId}; empty if it no longer exists. */
    static Optional<ThreadContents> scan(StorageRemote remote, String containerId, BatchId batch)
            throws RemoteException {
        List<Post> chunkPosts = new ArrayList<>();
        Map<String, List<Blob>> byName = new HashMap<>();
        Set<BlobRef> refs = new HashSet<>();
        try {
            PostPages.forEach(remote, containerId, null, post -> {
                if (!post.ours()) {
                    return; // someone else's post is never adopted as a chunk, nor removed as a duplicate
                }
                boolean allChunks = !post.blobs().isEmpty();
                for (Blob blob : post.blobs()) {
                    boolean chunk = RemoteNameParser.chunkIndex(batch, blob.name()).isPresent();
                    allChunks &= chunk;
                    if (chunk) {
                        byName.computeIfAbsent(blob.name(), n -> new ArrayList<>()).add(blob);
                        refs.add(blob.ref());
                    }
                }
                if (allChunks) {
                    chunkPosts.add(post);
                }
            });
        } catch (RemoteException.NotFound gone) {
            return Optional.empty();
        }
        return Optional.of(new ThreadContents(List.copyOf(chunkPosts), byName, refs));
    }

    /** What this container and {@code other} (another lane of the same batch) hold together. */
    ThreadContents plus(ThreadContents other) {
        List<Post> posts = new ArrayList<>(chunkPosts);
        posts.addAll(other.chunkPosts);
        Map<String, List<Blob>> byName = new HashMap<>();
        blobsByName.forEach((name, blobs) -> byName.computeIfAbsent(name, n -> new ArrayList<>()).addAll(blobs));
        other.blobsByName.forEach((name, blobs) -> byName.computeIfAbsent(name, n -> new ArrayList<>()).addAll(blobs));
        Set<BlobRef> all = new HashSet<>(refs);
        all.addAll(other.refs);
        return new ThreadContents(List.copyOf(posts), byName, all);
    }

    /** Whether the container holds the blob at {@code ref}. */
    boolean holds(BlobRef ref) {
        return refs.contains(ref);
    }

    /** Blobs named as chunk {@code index} of {@code batch}, oldest first (several after a retried post). */
    List<Blob> named(BatchId batch, int index) {
        return blobsByName.getOrDefault(RemoteNames.chunk(batch, index), List.of());
    }

    /** Posts that carry only this batch's chunks, oldest first. */
    List<Post> chunkPosts() {
        return chunkPosts;
    }
}
