package dev.dos.emulator.ratelimit;

import java.util.ArrayDeque;

/**
 * Discord's invalid-request limit: too many 401/403/429 answers within a sliding window and the
 * client is banned (by Cloudflare, in reality) for a while.
 */
final class InvalidRequestMonitor {
    private final int threshold;
    private final long windowMillis;
    private final long banMillis;
    private final ArrayDeque<Long> recent = new ArrayDeque<>();
    private long bannedUntilMillis;

    InvalidRequestMonitor(int threshold, long windowMillis, long banMillis) {
        this.threshold = threshold;
        this.windowMillis = windowMillis;
        this.banMillis = banMillis;
    }

    synchronized void record(long nowMillis) {
        recent.addLast(nowMillis);
        while (!recent.isEmpty() && recent.peekFirst() <= nowMillis - windowMillis) {
            recent.removeFirst();
        }
        if (recent.size() >= threshold && banMillis > 0) {
            bannedUntilMillis = nowMillis + banMillis;
            recent.clear();
        }
    }

    /** Milliseconds of ban left; 0 when not banned. */
    synchronized long banRemainingMillis(long nowMillis) {
        return Math.max(0, bannedUntilMillis - nowMillis);
    }
}
