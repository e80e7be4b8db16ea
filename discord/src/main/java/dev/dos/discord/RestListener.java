package dev.dos.discord;

import java.time.Duration;

/**
 * Observes the REST client's pacing and retries, for progress displays and logs. Methods are
 * called on the requesting thread and must return quickly. Every method does nothing by default.
 */
public interface RestListener {

    RestListener NONE = new RestListener() {
    };

    /** A request waits {@code wait} for its bucket ({@code global}: for the global limit). */
    default void waiting(String route, Duration wait, boolean global) {
    }

    /** Discord answered 429 despite the pacing; the request is retried after its retry_after. */
    default void rateLimited(String route, Duration retryAfter, String scope) {
    }

    /** A request failed with {@code reason} and is retried after {@code delay}. */
    default void retrying(String route, int attempt, Duration delay, String reason) {
    }
}
