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
 *       {@link RemoteLimits#maxBlobBytes()} bytes.</li>
 *   <li>Everything is addressed by stable ids, never by URLs: links may expire, ids do not.</li>
 * </ul>
 *
 * <p>Errors: every method throws {@link RemoteException} or one of its subtypes:
 * {@link RemoteException.NotFound} when the container/post/blob does not exist,
 * {@link RemoteException.Unauthorized} for a bad credential, {@link RemoteException.Forbidden} for
 * a missing permission, {@link RemoteException.TooLarge} when a blob or post exceeds the limits,
 * {@link RemoteException.Transient} when retrying later may succeed. Implementations retry
 * transient failures themselves before giving up; callers never need to.
 *
 * <p>Implementations are thread-safe: many virtual threads may call one instance concurrently.
 */
public interface StorageRemote extends Closeable {

    /** The fixed containers every store has. */
    enum Area { INDEX, BACKUP }

    /** Limits that callers must respect; sizes derive from here, never from constants. */
    RemoteLimits limits() throws RemoteException;

    /** The id of a fixed container. */
    String areaId(Area area);

    /** Creates a new batch container named {@code name} (clear text: carry no secrets in it). */
    String createContainer(String name) throws RemoteException;

    /** All batch containers, open and sealed, in no particular order. */
    List<ContainerInfo> listContainers() throws RemoteException;

    /** Marks a batch container as complete; it can still be read and (re)opened by posting. */
    void sealContainer(String containerId) throws RemoteException;

    /** Deletes a batch container and everything in it. Deleting a missing one is not an error. */
    void deleteContainer(String containerId) throws RemoteException;

    /**
     * Posts {@code text} (may be empty when there are blobs) with the given blobs, in order,
     * as one post. Returns the stored post, whose blobs are in the same order as {@code blobs}.
     */
    Post post(String containerId, String text, List<BlobUpload> blobs) throws RemoteException;

    /** Replaces the text of a post, keeping its blobs. */
    Post editText(String containerId, String postId, String text) throws RemoteException;

    /** One post, or empty if it does not exist. */
    Optional<Post> getPost(String containerId, String postId) throws RemoteException;

    /**
     * Up to {@code limit} posts of a container created after {@code afterPostId} (null: from the
     * start), oldest first. Page through a container by passing the last returned id.
     */
    List<Post> listPosts(String containerId, String afterPostId, int limit) throws RemoteException;

    /** Deletes one post and its blobs. Deleting a missing post is not an error. */
    void deletePost(String containerId, String postId) throws RemoteException;

    /**
     * Opens the bytes of one blob. The stream yields exactly the stored bytes or fails with an
     * {@link java.io.IOException}; the caller closes it.
     */
    InputStream openBlob(BlobRef ref) throws RemoteException;

    /** Releases connections and threads. */
    @Override
    void close();
}
