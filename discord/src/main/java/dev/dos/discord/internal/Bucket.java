package dev.dos.discord.internal;

import java.util.concurrent.Semaphore;

/**
 * One rate-limit bucket (a Discord bucket id and major parameter, or a route whose bucket is not
 * yet known). Requests in a bucket go one at a time: the turn is held from before sending until
 * the response's headers are recorded, so every request sees what the previous one learned and
 * no request is sent on stale counts.
 */
final class Bucket {
    private final Semaphore turn = new Semaphore(1, true);
    private int limit = -1;
    private int remaining = 1;
    private long resetAt = Long.MIN_VALUE;

    void takeTurn() throws InterruptedException {
        turn.acquire();
    }

    void endTurn() {
        turn.release();
    }

    /**
     * Takes one request from the bucket if it has room; otherwise returns how many nanoseconds
     * to wait before asking again. An unknown bucket always has room (the turn keeps it to one
     * request in flight until its limits are learned), unless a 429 exhausted it.
     */
    synchronized long reserve(long now) {
        if (now >= resetAt && limit > 0) {
            remaining = limit;
        }
        if (now < resetAt && remaining <= 0) {
            return resetAt - now;
        }
        remaining--;
        return 0;
    }

    /**
     * Records a response's headers. Within the window we know, counts only go down and the
     * reset only moves later (conservative when responses overlap); once our window has
     * passed, the headers start the new one.
     */
    synchronized void update(int newLimit, int newRemaining, long newResetAt, long now) {
        limit = newLimit;
        if (resetAt <= now) {
            remaining = newRemaining;
            resetAt = newResetAt;
        } else {
            remaining = Math.min(remaining, newRemaining);
            resetAt = Math.max(resetAt, newResetAt);
        }
    }

    /** Discord answered 429 for this bucket: nothing more until {@code until}. */
    synchronized void exhaust(long until) {
        remaining = 0;
        resetAt = Math.max(resetAt, until);
    }
}
