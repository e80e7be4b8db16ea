package dev.dos.core.ops;

import dev.dos.core.remote.BlobUpload;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.RemoteLimits;
import dev.dos.core.remote.ForwardingRemote;
import dev.dos.core.remote.memory.InMemoryRemote;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link InMemoryRemote} that misbehaves on cue, the ways a network and Discord do: a post is
 * stored but its answer never arrives, a post is stored twice (a retry after a lost answer), a
 * post fails outright, a post hangs until released. Posts are counted per call, from 1, over all
 * containers; container creation and the card post can lose their answers too.
 */
final class FlakyRemote extends ForwardingRemote {
    enum Fault { LOSE_ANSWER, STORE_TWICE, FAIL, HANG }

    final InMemoryRemote inner;
    private final Map<Integer, Fault> postFaults = new HashMap<>();
    private final AtomicInteger posts = new AtomicInteger();
    private boolean loseCreateAnswer;
    private boolean loseCardAnswer;
    final CountDownLatch hanging = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    FlakyRemote(RemoteLimits limits) {
        this(new InMemoryRemote(limits));
    }

    private FlakyRemote(InMemoryRemote inner) {
        super(inner);
        this.inner = inner;
    }

    FlakyRemote onPost(int call, Fault fault) {
        postFaults.put(call, fault);
        return this;
    }

    FlakyRemote loseNextCreateAnswer() {
        loseCreateAnswer = true;
        return this;
    }

    int postCalls() {
        return posts.get();
    }

    /** The next post to the index area (a batch card) is stored, but its answer is lost. */
    FlakyRemote loseNextCardAnswer() {
        loseCardAnswer = true;
        return this;
    }

    @Override
    public Post post(String containerId, String text, List<BlobUpload> blobs) throws RemoteException {
        if (loseCardAnswer && containerId.equals(inner.areaId(Area.INDEX))) {
            loseCardAnswer = false;
            inner.post(containerId, text, blobs);
            throw new RemoteException.Transient("connection reset after the card was stored", null);
        }
        Fault fault = postFaults.get(posts.incrementAndGet());
        if (fault == null) {
            return inner.post(containerId, text, blobs);
        }
        return switch (fault) {
            case LOSE_ANSWER -> {
                inner.post(containerId, text, blobs);
                throw new RemoteException.Transient("connection reset after the post was stored", null);
            }
            case STORE_TWICE -> {
                inner.post(containerId, text, blobs);
                yield inner.post(containerId, text, blobs);
            }
            case FAIL -> throw new RemoteException.Transient("Discord answered 503 five times", null);
            case HANG -> {
                hanging.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RemoteException("interrupted while posting", e);
                }
                yield inner.post(containerId, text, blobs);
            }
        };
    }

    @Override
    public String createContainer(String name) throws RemoteException {
        String id = inner.createContainer(name);
        if (loseCreateAnswer) {
            loseCreateAnswer = false;
            throw new RemoteException.Transient("timed out waiting for the thread", null);
        }
        return id;
    }
}
