package dev.dos.discord;

import java.time.Duration;
import java.util.Objects;

/**
 * How the client retries failures that may pass: 5xx answers, connection resets, timeouts and
 * truncated downloads. Waits grow exponentially from {@code initialBackoff} up to
 * {@code maxBackoff}, with full jitter.
 *
 * @param maxAttempts    tries per request, the first included (1 to 20)
 * @param initialBackoff wait before the first retry (positive)
 * @param maxBackoff     longest wait between tries (at least {@code initialBackoff})
 * @param requestTimeout longest wait for a response's headers (positive)
 * @param connectTimeout longest wait to open a connection (positive)
 */
public record RetrySettings(int maxAttempts, Duration initialBackoff, Duration maxBackoff,
                            Duration requestTimeout, Duration connectTimeout) {

    public static final RetrySettings DEFAULTS = new RetrySettings(5, Duration.ofMillis(500), Duration.ofSeconds(30),
            Duration.ofSeconds(120), Duration.ofSeconds(15));

    public RetrySettings {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw new IllegalArgumentException("maxAttempts must be 1 to 20, got " + maxAttempts);
        }
        requirePositive("initialBackoff", initialBackoff);
        requirePositive("requestTimeout", requestTimeout);
        requirePositive("connectTimeout", connectTimeout);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is shorter than initialBackoff " + initialBackoff);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
