package dev.dos.discord.internal;

import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.Ticker;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The bytes of one attachment of known size, streamed from the CDN. When the connection fails or
 * ends early, it reopens at the byte it had reached (with backoff, at most
 * {@code maxAttempts} failures in a row) and goes on, so the caller reads exactly the stored
 * bytes or gets an {@link IOException}. {@link RemoteException}s from the opener (gone, refused)
 * are not retried.
 */
public final class AttachmentStream extends InputStream {

    /** Opens the attachment positioned at {@code offset}. */
    @FunctionalInterface
    public interface Opener {
        InputStream open(long offset) throws IOException;
    }

    private final Opener opener;
    private final long size;
    private final Backoff backoff;
    private final Ticker ticker;
    private final String what;
    private InputStream body;
    private long position;
    private int failures;
    private boolean closed;

    private AttachmentStream(Opener opener, long size, Backoff backoff, Ticker ticker, String what) {
        this.opener = opener;
        this.size = size;
        this.backoff = backoff;
        this.ticker = ticker;
        this.what = what;
    }

    /** Opens the stream at once, so that a missing or refused attachment fails here. */
    public static AttachmentStream open(Opener opener, long size, Backoff backoff, Ticker ticker, String what)
            throws IOException {
        AttachmentStream stream = new AttachmentStream(opener, size, backoff, ticker, what);
        stream.connect();
        return stream;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (closed) {
            throw new IOException("the download of " + what + " is closed");
        }
        if (length == 0) {
            return 0;
        }
        while (position < size) {
            connect();
            try {
                int n = body.read(buffer, offset, (int) Math.min(length, size - position));
                if (n < 0) {
                    throw new EOFException("the CDN stream ended at byte " + position + " of " + size);
                }
                position += n;
                failures = 0;
                return n;
            } catch (IOException e) {
                disconnect();
                failed(e);
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        disconnect();
    }

    private void connect() throws IOException {
        while (body == null) {
            try {
                body = opener.open(position);
            } catch (RemoteException e) {
                throw e;
            } catch (IOException e) {
                failed(e);
            }
        }
    }

    private void disconnect() {
        if (body != null) {
            try {
                body.close();
            } catch (IOException ignored) {
                // the connection is being dropped anyway
            }
            body = null;
        }
    }

    private void failed(IOException e) throws IOException {
        if (++failures >= backoff.maxAttempts()) {
            throw new IOException("download of " + what + " failed " + failures + " times in a row at byte "
                    + position + " of " + size + ": " + e.getMessage(), e);
        }
        try {
            ticker.sleep(backoff.delay(failures));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new RemoteException("interrupted while downloading " + what, interrupted);
        }
    }
}
