package dev.dos.emulator;

import java.time.Duration;
import java.util.Objects;

/**
 * One per-route rate limit: at most {@code limit} requests per {@code window}, counted per
 * bucket and major parameter (channel, guild or webhook) the way Discord counts them.
 */
public record RouteLimit(int limit, Duration window) {
    public RouteLimit {
        Objects.requireNonNull(window, "window");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
    }

    public static RouteLimit of(int limit, Duration window) {
        return new RouteLimit(limit, window);
    }
}
