package dev.dos.core.remote;

import java.time.Duration;

/**
 * A token bucket of bytes shared by every worker of one command: on average at most
 * {@code bytesPerSecond} pass, with bursts of up to one second's worth. A taker that asks for more
 * than the bucket holds is not refused: it goes into debt and sleeps until the debt is paid, so a
 * large post waits once, before it is sent, and later takers queue behind it.
 */
public final class BandwidthLimit {

    private final long bytesPerSecond;
    private final double burst;
    private final Ticker clock;
    private double tokens;
    private long last;

    public BandwidthLimit(long bytesPerSecond, Ticker clock) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("bytesPerSecond must be positive, got " + bytesPerSecond);
        }
        this.bytesPerSecond = bytesPerSecond;
        this.burst = bytesPerSecond;
        this.clock = clock;
        this.last = clock.nanos();
        this.tokens = burst;
    }

    public BandwidthLimit(long bytesPerSecond) {
        this(bytesPerSecond, Ticker.SYSTEM);
    }

    public long bytesPerSecond() {
        return bytesPerSecond;
    }

    /** Takes {@code bytes} from the bucket, sleeping as long as the bucket is in debt. */
    public void take(long bytes) throws InterruptedException {
        if (bytes <= 0) {
            return;
        }
        clock.sleep(reserve(bytes));
    }

    /** Books {@code bytes} now and returns how long the taker must wait before using them. */
    synchronized Duration reserve(long bytes) {
        long now = clock.nanos();
        tokens = Math.min(burst, tokens + (now - last) * (bytesPerSecond / 1e9));
        last = now;
        tokens -= bytes;
        return tokens >= 0 ? Duration.ZERO : Duration.ofNanos((long) Math.ceil(-tokens * 1e9 / bytesPerSecond));
    }
}
