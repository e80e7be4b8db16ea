package dev.dos.discord.internal;

import dev.dos.core.remote.Ticker;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * At most {@code perSecond} requests in any one-second window as Discord counts them, and
 * nothing at all while Discord's global limit is known to be exhausted.
 *
 * <p>There are {@code perSecond} slots, used in turn. A slot becomes free one second (plus a
 * margin) after its previous request <em>completed</em>: Discord saw that request at the latest
 * then, so however the network delays requests, no window on Discord's side holds more than
 * {@code perSecond} of ours. It also means at most {@code perSecond} requests are in flight.
 */
public final class GlobalLimiter {
    private static final long IN_FLIGHT = Long.MAX_VALUE;

    private final Ticker ticker;
    private final long windowNanos;
    private final long[] freeAt;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private int next;
    private long blockedUntil = Long.MIN_VALUE;

    public GlobalLimiter(int perSecond, Duration margin, Ticker ticker) {
        this.ticker = ticker;
        this.windowNanos = Duration.ofSeconds(1).plus(margin).toNanos();
        this.freeAt = new long[perSecond];
        java.util.Arrays.fill(freeAt, Long.MIN_VALUE);
    }

    /** Waits until a request may be sent and takes a slot; the caller must {@link #release} it. */
    public int acquire() throws InterruptedException {
        while (true) {
            long wait;
            lock.lock();
            try {
                int slot = next;
                if (freeAt[slot] == IN_FLIGHT) {
                    released.await();
                    continue;
                }
                long now = ticker.nanos();
                long until = Math.max(freeAt[slot], blockedUntil);
                if (until <= now) {
                    freeAt[slot] = IN_FLIGHT;
                    next = (slot + 1) % freeAt.length;
                    return slot;
                }
                wait = until - now;
            } finally {
                lock.unlock();
            }
            ticker.sleep(Duration.ofNanos(wait));
        }
    }

    /** The request sent on {@code slot} completed (or failed): the slot is free a window from now. */
    public void release(int slot) {
        lock.lock();
        try {
            freeAt[slot] = ticker.nanos() + windowNanos;
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Discord said the global limit is exhausted for {@code retryAfter}. */
    public void block(Duration retryAfter) {
        lock.lock();
        try {
            blockedUntil = Math.max(blockedUntil, ticker.nanos() + retryAfter.toNanos());
        } finally {
            lock.unlock();
        }
    }
}
