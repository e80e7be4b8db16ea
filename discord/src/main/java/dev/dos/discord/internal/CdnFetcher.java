package dev.dos.discord.internal;

import dev.dos.core.remote.RemoteException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Fetches attachment bytes from Discord's CDN: one attempt per call, no retries (the caller,
 * {@link AttachmentStream}, retries and resumes). The CDN needs no credentials, so the token is
 * never sent there. A body that stalls for the request timeout is dropped.
 */
public final class CdnFetcher implements AutoCloseable {
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    /**
     * Arms one alarm per read of a body (some 16 KiB), cancelled when the read returns. Cancelled
     * alarms are removed at once: kept until their timeout, each holding its stream, a restore
     * carried tens of thousands of them (39,200 in a heap histogram of a 512 MiB download).
     */
    private final ScheduledExecutorService watchdog = watchdog();
    private final HttpClient http;
    private final Duration timeout;

    private static ScheduledExecutorService watchdog() {
        var pool = new java.util.concurrent.ScheduledThreadPoolExecutor(1,
                Thread.ofVirtual().name("dos-cdn-watchdog").factory());
        pool.setRemoveOnCancelPolicy(true);
        return pool;
    }

    public CdnFetcher(Duration connectTimeout, Duration timeout) {
        this.http = HttpClient.newBuilder()
                .executor(executor)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.timeout = timeout;
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
        URI uri = URI.create(url);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .version(RestTransport.versionFor(uri))
                .header("User-Agent", RestTransport.USER_AGENT)
                .GET();
        if (end < size && end > offset) {
            request.header("Range", "bytes=" + offset + "-" + (end - 1));
        } else if (offset > 0) {
            request.header("Range", "bytes=" + offset + "-");
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteException("interrupted while downloading an attachment", e);
        }
        int status = response.statusCode();
        InputStream body = response.body();
        boolean handedOver = false;
        try {
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
            if (status == 206 && !response.headers().firstValue("Content-Range").orElse("")
                    .startsWith("bytes " + offset + "-")) {
                throw new IOException("the CDN sent a different range than asked for");
            }
            OptionalLong length = response.headers().firstValueAsLong("Content-Length");
            long expected = status == 200 ? size : (end < size && end > offset ? end : size) - offset;
            if (length.isPresent() && length.getAsLong() != expected) {
                throw new IOException("the CDN announced " + length.getAsLong() + " bytes, expected " + expected);
            }
            InputStream guarded = new IdleTimeoutInputStream(body, timeout, watchdog);
            guarded.skipNBytes(skip);
            handedOver = true;
            return end < size ? dev.dos.core.remote.BlobRange.exactly(guarded, end - offset) : guarded;
        } finally {
            if (!handedOver) {
                body.close();
            }
        }
    }

    @Override
    public void close() {
        http.close();
        executor.close();
        watchdog.shutdownNow();
    }
}
