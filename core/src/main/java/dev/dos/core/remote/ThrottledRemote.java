package dev.dos.core.remote;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.List;

/**
 * A remote whose blob bytes, posted and read, pass through one {@link BandwidthLimit} (the
 * {@code --bwlimit} of users on shared links). Posts wait for their bytes before they are sent;
 * reads are paced as they are consumed. Texts, listings and other calls are not counted.
 */
public final class ThrottledRemote extends ForwardingRemote {
    private final BandwidthLimit limit;

    public ThrottledRemote(StorageRemote delegate, BandwidthLimit limit) {
        super(delegate);
        this.limit = limit;
    }

    @Override
    public Post post(String containerId, String text, List<BlobUpload> blobs) throws RemoteException {
        take(blobs.stream().mapToLong(BlobUpload::size).sum());
        return super.post(containerId, text, blobs);
    }

    @Override
    public InputStream openBlob(BlobRef ref) throws RemoteException {
        return new Paced(super.openBlob(ref));
    }

    @Override
    public InputStream openBlob(BlobRef ref, long offset, long length) throws RemoteException {
        return new Paced(super.openBlob(ref, offset, length));
    }

    private void take(long bytes) throws RemoteException {
        try {
            limit.take(bytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteException("interrupted while waiting for the bandwidth limit", e);
        }
    }

    private final class Paced extends FilterInputStream {
        Paced(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                pace(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, Math.min(length, 64 * 1024));
            if (n > 0) {
                pace(n);
            }
            return n;
        }

        private void pace(int bytes) throws InterruptedIOException {
            try {
                limit.take(bytes);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the bandwidth limit");
            }
        }
    }
}
