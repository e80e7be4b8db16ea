package dev.dos.core.remote;

import java.io.Closeable;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Where encrypted bytes live. A remote stores opaque blobs and knows nothing of encryption,
 * compression or manifests (the layers above add those).
 *
 * <p>The model is Discord-shaped but not Discord-specific:
 * <ul>
 *   <li>A <b>container</b> holds an ordered list of <b>posts</b>. There are two fixed containers
 *       ({@link Area#INDEX} for batch cards, {@link Area#BACKUP} for database backups) and any
 *       number of <b>batch containers</b> created with {@link #createContainer} (Discord: one
 *       thread per batch in the storage channel).</li>
 *   <li>A <b>post</b> (Discord: a message) carries a short clear text and up to
 *       {@link RemoteLimits#maxBlobsPerPost()} <b>blobs</b> (Discord: attachments), each at most
 *       {@link RemoteLimits#maxBlobBytes()} bytes and at most {@link RemoteLimits#maxPostBytes()}
 *       together.</li>
 *   <li>Everything is addressed by stable ids, never by URLs: links may expire, ids do not.
 *       Within one container, later posts sort after earlier ones.</li>
 * </ul>
 *
 * <p>Errors: every method throws {@link RemoteException} or one of its subtypes:
 * {@link RemoteException.NotFound} when the container/post/blob does not exist,
 * {@link RemoteException.Unauthorized} for a bad credential, {@link RemoteException.Forbidden} for
 * a missing permission, {@link RemoteException.TooLarge} when a blob or post exceeds the limits,
 * {@link RemoteException.Rejected} when the request is invalid in itself,
 * {@link RemoteException.Transient} when retrying later may succeed. Implementations retry
 * transient failures themselves before giving up; callers never need to. A method that fails
 * stores nothing (a retried post may, rarely, leave an unreferenced duplicate behind).
 *
 * <p>Blob names made of ASCII letters, digits, {@code .}, {@code _} and {@code -} are kept
 * exactly; other characters may be altered by the remote.
 *
 * <p>Implementations are thread-safe: many virtual threads may call one instance concurrently.
 * The conformance suite in this module's test sources checks every meaning written here.
 */
public interface StorageRemote extends Closeable {

    /** The fixed containers every store has. */
    enum Area { INDEX, BACKUP }

    /** Limits that callers must respect; sizes derive from here, never from constants. */
    RemoteLimits limits() throws RemoteException;

    /** The id of a fixed container. Fixed containers are not listed and cannot be deleted. */
    String areaId(Area area);

    /**
     * Creates a new, open batch container named {@code name} (1 to 100 characters of clear text:
     * carry no secrets in it; otherwise {@link RemoteException.Rejected}).
     */
    String createContainer(String name) throws RemoteException;

    /** All batch containers, open and sealed, in no particular order; never the fixed ones. */
    List<ContainerInfo> listContainers() throws RemoteException;

    /**
     * The batch containers that are not sealed (uploads running or interrupted), in no particular
     * order; never the fixed ones. The default filters {@link #listContainers}; a remote that can list
     * them at a cost that does not grow with the sealed ones overrides it (Discord: one request for the
     * guild's active threads, however many are archived). A remote may seal containers by itself
     * (Discord archives a thread after a week without posts): such a container is no longer listed here.
     */
    default List<ContainerInfo> listOpenContainers() throws RemoteException {
        return listContainers().stream().filter(c -> !c.sealed()).toList();
    }

    /**
     * Marks a batch container as complete; it can still be read, and posting to it opens it again.
     * Sealing a sealed container does nothing; a missing one is {@link RemoteException.NotFound}.
     */
    void sealContainer(String containerId) throws RemoteException;

    /**
     * Deletes a batch container and everything in it. Deleting a missing one is not an error;
     * deleting a fixed container or anything that is not a batch container is
     * {@link RemoteException.Rejected}.
     */
    void deleteContainer(String containerId) throws RemoteException;

    /**
     * Posts {@code text} (may be empty when there are blobs) with the given blobs, in order,
     * as one post. Returns the stored post, whose blobs are in the same order as {@code blobs}.
     * More blobs than allowed, a blob over the size limit, blobs over the post's total size limit
     * or a text over the length limit is
     * {@link RemoteException.TooLarge}; empty text without blobs is
     * {@link RemoteException.Rejected}; a missing container is {@link RemoteException.NotFound}.
     */
    Post post(String containerId, String text, List<BlobUpload> blobs) throws RemoteException;

    /**
     * Replaces the text of a post, keeping its blobs. A missing post is
     * {@link RemoteException.NotFound}; a text over the limit is {@link RemoteException.TooLarge};
     * empty text on a post without blobs is {@link RemoteException.Rejected}.
     */
    Post editText(String containerId, String postId, String text) throws RemoteException;

    /** One post, or empty if it (or its container) does not exist. */
    Optional<Post> getPost(String containerId, String postId) throws RemoteException;

    /**
     * The posts of a container created after {@code afterPostId} (null: from the start), oldest
     * first: exactly {@code min(limit, posts left)} of them, so a page shorter than
     * {@code limit} is the last one. Page through a container by passing the last returned id.
     * {@code limit} must be at least 1; a missing container is {@link RemoteException.NotFound}.
     */
    List<Post> listPosts(String containerId, String afterPostId, int limit) throws RemoteException;

    /** Deletes one post and its blobs. Deleting a missing post is not an error. */
    void deletePost(String containerId, String postId) throws RemoteException;

    /**
     * Pins a post, so that {@link #pinnedPosts} finds it without reading its whole container
     * (Discord: pins the message). Pinning a pinned post does nothing. A missing post or container
     * is {@link RemoteException.NotFound}. A remote may cap how many posts one container holds
     * pinned (Discord: 250); pinning beyond the cap is {@link RemoteException.Rejected}.
     */
    void pin(String containerId, String postId) throws RemoteException;

    /** Unpins a post. Unpinning a post that is not pinned, or no longer exists, is not an error. */
    void unpin(String containerId, String postId) throws RemoteException;

    /**
     * Every pinned post of a container, most recently pinned first. Editing a post keeps it pinned;
     * deleting it unpins it. Others may pin and unpin too (Discord: members allowed to pin), so a pin
     * says nothing about who posted: readers check {@link Post#ours()}. A missing container is
     * {@link RemoteException.NotFound}.
     */
    List<Post> pinnedPosts(String containerId) throws RemoteException;

    /**
     * Opens the bytes of one blob. The stream yields exactly the stored bytes or fails with an
     * {@link java.io.IOException}; the caller closes it. A missing container, post or blob is
     * {@link RemoteException.NotFound}.
     */
    InputStream openBlob(BlobRef ref) throws RemoteException;

    /**
     * Opens bytes {@code [offset, offset + length)} of one blob (a chunk inside a pack). The stream
     * yields exactly those bytes or fails with an {@link java.io.IOException}; a range reaching past
     * the blob's end fails too. Remotes that can fetch a range (Discord: an HTTP Range request to the
     * CDN) override this; the default reads the whole blob, skips and limits.
     */
    default InputStream openBlob(BlobRef ref, long offset, long length) throws RemoteException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length: " + offset + "+" + length);
        }
        InputStream whole = openBlob(ref);
        try {
            whole.skipNBytes(offset);
        } catch (java.io.IOException e) {
            try {
                whole.close();
            } catch (java.io.IOException ignored) {
                // the range is refused anyway
            }
            throw e instanceof RemoteException re ? re : new RemoteException.Transient("could not reach byte " + offset
                    + " of blob " + ref.blobId() + ": " + e.getMessage(), e);
        }
        return BlobRange.exactly(whole, length);
    }

    /**
     * A hint that the blobs at {@code refs} are about to be opened, in this order, perhaps
     * concurrently. A remote may prepare (Discord: read their messages a page of 100 at a time
     * instead of one request per blob). It stores and changes nothing, and failing to prepare is
     * not an error: {@link #openBlob} still works alone. The default does nothing.
     */
    default void expectReads(List<BlobRef> refs) {
    }

    /**
     * Releases connections and threads. Closing twice does nothing; any other method called
     * after close throws {@link IllegalStateException}.
     */
    @Override
    void close();
}
