package dev.dos.emulator.ratelimit;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A route bucket as one response reports it.
 *
 * @param allowed true when the request was counted; false means answer 429
 */
public record BucketState(boolean allowed, String bucket, int limit, int remaining, long resetAtMillis,
                          long resetAfterMillis) {

    /** The {@code X-RateLimit-*} headers Discord sends on a rate-limited route. */
    public Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-RateLimit-Limit", Integer.toString(limit));
        h.put("X-RateLimit-Remaining", Integer.toString(remaining));
        h.put("X-RateLimit-Reset", seconds(resetAtMillis));
        h.put("X-RateLimit-Reset-After", seconds(resetAfterMillis));
        h.put("X-RateLimit-Bucket", bucket);
        return h;
    }

    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }
}
