package dev.dos.discord.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes the underlying stream when one read waits longer than {@code timeout}, so that a stalled
 * download fails (and is resumed by {@link AttachmentStream}) instead of hanging: the HTTP
 * client's timeout covers only the wait for response headers.
 */
final class IdleTimeoutInputStream extends FilterInputStream {
    private final ScheduledExecutorService watchdog;
    private final long timeoutNanos;
    private volatile boolean timedOut;

    IdleTimeoutInputStream(InputStream in, Duration timeout, ScheduledExecutorService watchdog) {
        super(in);
        this.watchdog = watchdog;
        this.timeoutNanos = timeout.toNanos();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        ScheduledFuture<?> alarm = watchdog.schedule(this::expire, timeoutNanos, TimeUnit.NANOSECONDS);
        try {
            int n = super.read(buffer, offset, length);
            if (timedOut) {
                throw stalled();
            }
            return n;
        } catch (IOException e) {
            throw timedOut ? stalled() : e;
        } finally {
            alarm.cancel(false);
        }
    }

    private void expire() {
        timedOut = true;
        try {
            in.close();
        } catch (IOException ignored) {
            // closing is how the stalled read is woken; a failure to close changes nothing
        }
    }

    private IOException stalled() {
        return new IOException("no data for " + Duration.ofNanos(timeoutNanos).toSeconds() + " s; connection dropped");
    }
}
