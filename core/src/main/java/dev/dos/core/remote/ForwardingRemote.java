package dev.dos.core.remote;

import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A remote that forwards every call to another one. Wrappers (pacing, bandwidth limits, fault
 * injection in tests) extend it and override only the calls they change, as rclone's wrapper
 * backends do.
 */
public abstract class ForwardingRemote implements StorageRemote {
    protected final StorageRemote delegate;

    protected ForwardingRemote(StorageRemote delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
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
    public List<ContainerInfo> listOpenContainers() throws RemoteException {
        return delegate.listOpenContainers();
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
    public Post post(String containerId, String text, List<BlobUpload> blobs) throws RemoteException {
        return delegate.post(containerId, text, blobs);
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
    public void pin(String containerId, String postId) throws RemoteException {
        delegate.pin(containerId, postId);
    }

    @Override
    public void unpin(String containerId, String postId) throws RemoteException {
        delegate.unpin(containerId, postId);
    }

    @Override
    public List<Post> pinnedPosts(String containerId) throws RemoteException {
        return delegate.pinnedPosts(containerId);
    }

    @Override
    public InputStream openBlob(BlobRef ref) throws RemoteException {
        return delegate.openBlob(ref);
    }

    @Override
    public InputStream openBlob(BlobRef ref, long offset, long length) throws RemoteException {
        return delegate.openBlob(ref, offset, length);
    }

    @Override
    public void expectReads(List<BlobRef> refs) {
        delegate.expectReads(refs);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
