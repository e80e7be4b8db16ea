package dev.dos.core.backup;

import dev.dos.core.remote.BlobRef;
import dev.dos.core.remote.BlobUpload;
import dev.dos.core.remote.ContainerInfo;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.RemoteLimits;
import dev.dos.core.remote.StorageRemote;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delegates to another remote, but holds the post into a batch container after
 * {@code postsBeforeGate} such posts until {@link #open()}: an upload stopped mid-way, on purpose.
 */
final class GatedRemote implements StorageRemote {
    private final StorageRemote delegate;
    private final int postsBeforeGate;
    private final AtomicInteger containerPosts = new AtomicInteger();
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch gate = new CountDownLatch(1);

    GatedRemote(StorageRemote delegate, int postsBeforeGate) {
        this.delegate = delegate;
        this.postsBeforeGate = postsBeforeGate;
    }

    /** Waits until an upload is held at the gate. */
    boolean awaitHeld(long seconds) throws InterruptedException {
        return reached.await(seconds, TimeUnit.SECONDS);
    }

    void open() {
        gate.countDown();
    }

    @Override
    public Post post(String containerId, String text, List<BlobUpload> blobs) throws RemoteException {
        boolean area = containerId.equals(delegate.areaId(Area.INDEX)) || containerId.equals(delegate.areaId(Area.BACKUP));
        if (!area && containerPosts.getAndIncrement() == postsBeforeGate) {
            reached.countDown();
            try {
                if (!gate.await(60, TimeUnit.SECONDS)) {
                    throw new RemoteException.Transient("the test never opened the gate", null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RemoteException.Transient("interrupted", new InterruptedIOException());
            }
        }
        return delegate.post(containerId, text, blobs);
    }

    @Override
    public RemoteLimits limits() throws RemoteException {
        return delegate.limits();
    }

    @Override
    public String areaId(Area area) {
        return delegate.areaId(area);
    }

    @Override
    public String createContainer(String name) throws RemoteException {
        return delegate.createContainer(name);
    }

    @Override
    public List<ContainerInfo> listContainers() throws RemoteException {
        return delegate.listContainers();
    }

    @Override
    public void sealContainer(String containerId) throws RemoteException {
        delegate.sealContainer(containerId);
    }

    @Override
    public void deleteContainer(String containerId) throws RemoteException {
        delegate.deleteContainer(containerId);
    }

    @Override
    public Post editText(String containerId, String postId, String text) throws RemoteException {
        return delegate.editText(containerId, postId, text);
    }

    @Override
    public Optional<Post> getPost(String containerId, String postId) throws RemoteException {
        return delegate.getPost(containerId, postId);
    }

    @Override
    public List<Post> listPosts(String containerId, String afterPostId, int limit) throws RemoteException {
        return delegate.listPosts(containerId, afterPostId, limit);
    }

    @Override
    public void deletePost(String containerId, String postId) throws RemoteException {
        delegate.deletePost(containerId, postId);
    }

    @Override
    public InputStream openBlob(BlobRef ref) throws RemoteException {
        return delegate.openBlob(ref);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
