package dev.dos.discord.internal;

import dev.dos.core.remote.BlobRange;
import dev.dos.core.remote.RemoteException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLConnection;
import java.time.Duration;
import java.util.Locale;

/**
 * Fetches attachment bytes from Discord's CDN: one attempt per call, no retries (the caller,
 * {@link AttachmentStream}, retries and resumes). The CDN needs no credentials, so the token is
 * never sent there. A response or a body that stalls for the request timeout is dropped.
 *
 * <p>Over the JDK's blocking {@link HttpURLConnection}, not {@code java.net.http.HttpClient}
 * (which {@link RestTransport} uses for the API): a body is read straight from the socket into
 * the caller's array, where the HttpClient's reactive pipeline passes it through queues of 16 KiB
 * buffers and a selector thread. Measured for issue 16 (docs/PERFORMANCE.md): 717 MB of chunks
 * from the emulator, four at a time, took 5.2 to 5.7 s of CPU through the HttpClient and 2.6 to
 * 2.8 s this way. Reads block their (virtual) thread; the socket's read timeout is the stall
 * timeout, so no watchdog is needed.
 */
public final class CdnFetcher {
    private final int connectTimeoutMillis;
    private final int timeoutMillis;

    public CdnFetcher(Duration connectTimeout, Duration timeout) {
        this.connectTimeoutMillis = millis(connectTimeout);
        this.timeoutMillis = millis(timeout);
    }

    /** As a socket timeout: at least 1 ms (0 would mean none), at most what an int holds. */
    private static int millis(Duration timeout) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    /**
     * Opens {@code url} positioned at byte {@code offset} of an attachment of {@code size} bytes.
     *
     * @throws LinkRefusedException the CDN refused the link (403, 404, 410): get a fresh one
     * @throws RemoteException      the CDN refused for another reason; retrying will not help
     * @throws IOException          a failure worth retrying: 5xx, 429, connection failure, a
     *                              length that disagrees with the attachment's size
     */
    public InputStream open(String url, long offset, long size) throws IOException, LinkRefusedException {
        return open(url, offset, size, size);
    }

    /**
     * Opens bytes {@code [offset, end)} of an attachment of {@code size} bytes: a Range request
     * ({@code bytes=offset-(end-1)}) when that is less than the rest of the attachment. A CDN that
     * ignores the range (200) is read from {@code offset} and cut at {@code end}.
     */
    public InputStream open(String url, long offset, long end, long size) throws IOException, LinkRefusedException {
        if (offset < 0 || end < offset || end > size) {
            throw new IllegalArgumentException("range " + offset + ".." + end + " outside an attachment of " + size);
        }
        HttpURLConnection connection = connect(url);
        if (end < size && end > offset) {
            connection.setRequestProperty("Range", "bytes=" + offset + "-" + (end - 1));
        } else if (offset > 0) {
            connection.setRequestProperty("Range", "bytes=" + offset + "-");
        }
        boolean handedOver = false;
        try {
            int status = responseCode(connection);
            if (status == 403 || status == 404 || status == 410) {
                throw new LinkRefusedException(status);
            }
            if (status >= 500 || status == 429) {
                throw new IOException("the CDN answered " + status);
            }
            if (status != 200 && status != 206) {
                throw new RemoteException.Rejected("the CDN answered " + status + " for an attachment");
            }
            long skip = status == 200 ? offset : 0;
            if (status == 206 && !String.valueOf(connection.getHeaderField("Content-Range"))
                    .startsWith("bytes " + offset + "-")) {
                throw new IOException("the CDN sent a different range than asked for");
            }
            long length = connection.getContentLengthLong();
            long expected = status == 200 ? size : (end < size && end > offset ? end : size) - offset;
            if (length >= 0 && length != expected) {
                throw new IOException("the CDN announced " + length + " bytes, expected " + expected);
            }
            InputStream body = new StallMessage(connection.getInputStream(), timeoutMillis);
            try {
                body.skipNBytes(skip);
            } catch (IOException | RuntimeException e) {
                body.close();
                throw e;
            }
            handedOver = true;
            return end < size ? BlobRange.exactly(body, end - offset) : body;
        } finally {
            if (!handedOver) {
                release(connection);
            }
        }
    }

    private HttpURLConnection connect(String url) throws IOException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new RemoteException.Rejected("not a CDN link: " + e.getMessage());
        }
        // URL.openConnection serves file:, jar: and ftp: too: an attachment link is only ever http(s).
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new RemoteException.Rejected("not an http(s) CDN link: " + scheme + ":...");
        }
        // The default proxy selector, as the API's HttpClient uses: -Dhttps.proxyHost=... covers both.
        URLConnection opened = uri.toURL().openConnection();
        HttpURLConnection connection = (HttpURLConnection) opened;
        connection.setConnectTimeout(connectTimeoutMillis);
        connection.setReadTimeout(timeoutMillis);
        connection.setUseCaches(false);
        connection.setInstanceFollowRedirects(true);
        connection.setRequestProperty("User-Agent", RestTransport.USER_AGENT);
        connection.setRequestProperty("Accept-Encoding", "identity");
        return connection;
    }

    private int responseCode(HttpURLConnection connection) throws IOException {
        connection.connect(); // its timeout is the connect timeout; the answer's, the read timeout
        try {
            return connection.getResponseCode();
        } catch (SocketTimeoutException e) {
            throw stalled(timeoutMillis, "an answer");
        }
    }

    /**
     * Gives up a connection whose body nobody will read: an error answer is read to its end (a
     * short one lets the connection be reused), any other is dropped.
     */
    private static void release(HttpURLConnection connection) {
        try (InputStream error = connection.getErrorStream()) {
            if (error == null) {
                connection.disconnect();
            } else {
                error.skip(64 * 1024);
            }
        } catch (IOException ignored) {
            connection.disconnect();
        }
    }

    private static IOException stalled(int timeoutMillis, String what) {
        String wait = timeoutMillis % 1000 == 0 ? timeoutMillis / 1000 + " s" : timeoutMillis + " ms";
        return new IOException("no data for " + wait + " while waiting for " + what + " from the CDN;"
                + " connection dropped");
    }

    /** The body, whose read timeouts say what happened ("Read timed out" says little in a log). */
    private static final class StallMessage extends FilterInputStream {
        private final int timeoutMillis;

        StallMessage(InputStream in, int timeoutMillis) {
            super(in);
            this.timeoutMillis = timeoutMillis;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (SocketTimeoutException e) {
                throw stalled(timeoutMillis, "the next bytes");
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return in.read(buffer, offset, length);
            } catch (SocketTimeoutException e) {
                throw stalled(timeoutMillis, "the next bytes");
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return in.skip(n);
            } catch (SocketTimeoutException e) {
                throw stalled(timeoutMillis, "the next bytes");
            }
        }
    }
}
