package dev.dos.discord.internal;

import dev.dos.discord.RetrySettings;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: before retry {@code n} (1-based) wait a random time in
 * {@code [0, min(max, initial * 2^(n-1))]}, so that many clients that failed together do not
 * come back together.
 */
public final class Backoff {
    private final RetrySettings settings;

    public Backoff(RetrySettings settings) {
        this.settings = settings;
    }

    public int maxAttempts() {
        return settings.maxAttempts();
    }

    /** The wait before retry number {@code retry} (1 for the first retry). */
    public Duration delay(int retry) {
        long initial = settings.initialBackoff().toNanos();
        long cap = settings.maxBackoff().toNanos();
        int shift = Math.min(Math.max(retry - 1, 0), 30);
        long ceiling = initial > (cap >> shift) ? cap : Math.min(cap, initial << shift);
        return Duration.ofNanos(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }
}
