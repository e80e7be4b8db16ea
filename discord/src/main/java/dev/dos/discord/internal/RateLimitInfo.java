package dev.dos.discord.internal;

import dev.dos.discord.api.Json;
import dev.dos.discord.api.RateLimitBody;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Optional;

/**
 * What one response says about rate limits. {@code bucket} is null when the response carried no
 * bucket headers; {@code retryAfter} is set only for 429 answers.
 */
public record RateLimitInfo(int status, String bucket, int limit, int remaining, Duration resetAfter,
                            Duration retryAfter, boolean global, String scope) {

    /** A 429 without any wait in it still waits this long, so a retry never follows at once. */
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

    public static RateLimitInfo parse(int status, HttpHeaders headers, byte[] body) {
        String bucket = headers.firstValue("X-RateLimit-Bucket").orElse(null);
        Optional<Integer> limit = headers.firstValue("X-RateLimit-Limit").flatMap(RateLimitInfo::integer);
        Optional<Integer> remaining = headers.firstValue("X-RateLimit-Remaining").flatMap(RateLimitInfo::integer);
        Optional<Duration> resetAfter = headers.firstValue("X-RateLimit-Reset-After").flatMap(RateLimitInfo::seconds);
        if (limit.isEmpty() || remaining.isEmpty() || resetAfter.isEmpty()) {
            bucket = null;
        }
        String scope = headers.firstValue("X-RateLimit-Scope").orElse(null);
        Duration retryAfter = null;
        boolean global = headers.firstValue("X-RateLimit-Global").map("true"::equalsIgnoreCase).orElse(false);
        if (status == 429) {
            RateLimitBody parsed = body429(body);
            if (parsed != null && parsed.retryAfter() > 0) {
                retryAfter = seconds(Double.toString(parsed.retryAfter())).orElse(null);
            }
            if (retryAfter == null) {
                retryAfter = headers.firstValue("Retry-After").flatMap(RateLimitInfo::seconds).orElse(DEFAULT_RETRY_AFTER);
            }
            global |= parsed != null && parsed.global();
        }
        return new RateLimitInfo(status, bucket, limit.orElse(0), remaining.orElse(0),
                resetAfter.orElse(Duration.ZERO), retryAfter, global, scope);
    }

    /** Counts toward Discord's invalid-request limit: 401, 403, and 429 unless its scope is shared. */
    public boolean invalid() {
        return status == 401 || status == 403 || (status == 429 && !"shared".equals(scope));
    }

    private static RateLimitBody body429(byte[] body) {
        try {
            return body == null || body.length == 0 ? null : Json.MAPPER.readValue(body, RateLimitBody.class);
        } catch (IOException e) {
            return null;
        }
    }

    private static Optional<Integer> integer(String value) {
        try {
            return Optional.of(Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> seconds(String value) {
        try {
            double seconds = Double.parseDouble(value.trim());
            if (!(seconds >= 0) || seconds > 86_400) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofNanos((long) Math.ceil(seconds * 1e9)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
