package dev.dos.core.backup;

import dev.dos.core.remote.BlobUpload;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.ForwardingRemote;
import dev.dos.core.remote.StorageRemote;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delegates to another remote, but holds the post into a batch container after
 * {@code postsBeforeGate} such posts until {@link #open()}: an upload stopped mid-way, on purpose.
 */
final class GatedRemote extends ForwardingRemote {
    private final int postsBeforeGate;
    private final AtomicInteger containerPosts = new AtomicInteger();
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch gate = new CountDownLatch(1);

    GatedRemote(StorageRemote delegate, int postsBeforeGate) {
        super(delegate);
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
}
