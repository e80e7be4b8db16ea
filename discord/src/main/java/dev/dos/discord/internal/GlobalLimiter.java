package dev.dos.discord.internal;

import java.time.Duration;

/**
 * At most {@code perSecond} requests in any window of one second (plus a margin for network
 * jitter), and nothing at all while Discord's global limit is known to be exhausted. Each caller
 * reserves the earliest free send time and sleeps until then, so callers go in arrival order.
 */
public final class GlobalLimiter {
    private final Ticker ticker;
    private final long windowNanos;
    private final long[] sendTimes;
    private int next;
    private long blockedUntil = Long.MIN_VALUE;

    public GlobalLimiter(int perSecond, Duration margin, Ticker ticker) {
        this.ticker = ticker;
        this.windowNanos = Duration.ofSeconds(1).plus(margin).toNanos();
        this.sendTimes = new long[perSecond];
        java.util.Arrays.fill(sendTimes, Long.MIN_VALUE / 2);
    }

    /** Waits until a request may be sent; returns how long it waited. */
    public Duration acquire() throws InterruptedException {
        long start = ticker.nanos();
        while (true) {
            long sendAt;
            synchronized (this) {
                long now = ticker.nanos();
                sendAt = Math.max(now, Math.max(sendTimes[next] + windowNanos, blockedUntil));
                sendTimes[next] = sendAt;
                next = (next + 1) % sendTimes.length;
            }
            ticker.sleep(Duration.ofNanos(sendAt - ticker.nanos()));
            synchronized (this) {
                // A global 429 that arrived while we slept moves every reservation behind it.
                if (ticker.nanos() >= blockedUntil) {
                    return Duration.ofNanos(ticker.nanos() - start);
                }
            }
        }
    }

    /** Discord said the global limit is exhausted for {@code retryAfter}. */
    public synchronized void block(Duration retryAfter) {
        blockedUntil = Math.max(blockedUntil, ticker.nanos() + retryAfter.toNanos());
    }
}
