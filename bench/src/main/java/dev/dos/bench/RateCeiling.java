package dev.dos.bench;

import dev.dos.emulator.RouteLimit;
import java.time.Duration;
import java.util.Map;

/**
 * The fastest a transfer can go under the emulator's rate limits (docs/PERFORMANCE.md, "Ceiling").
 * Windows are fixed and start at a bucket's first request, so a channel that must carry {@code n}
 * requests of a route allowing {@code L} per window {@code W} sends its last one no earlier than
 * {@code (ceil(n / L) - 1) * W}; the global limit bounds all requests the same way with 1 second
 * windows. The transfer then needs at least the latency of the requests that must follow one
 * another after that last one. Time runs {@code timeScale} times faster when the emulator's
 * rate-limit clock is scaled.
 */
final class RateCeiling {
    private RateCeiling() {
    }

    /**
     * Seconds the limits force on {@code requestsPerChannel} (channel id to requests of one route),
     * plus {@code trailingLatencies} request latencies.
     */
    static double seconds(Map<String, Integer> requestsPerChannel, RouteLimit route, int globalPerSecond,
                          double timeScale, Duration latency, int trailingLatencies) {
        double windowSeconds = route.window().toMillis() / 1000.0;
        double bound = 0;
        int total = 0;
        for (int n : requestsPerChannel.values()) {
            if (n > 0) {
                bound = Math.max(bound, (Math.ceil(n / (double) route.limit()) - 1) * windowSeconds);
                total += n;
            }
        }
        if (total > 0) {
            bound = Math.max(bound, Math.ceil(total / (double) globalPerSecond) - 1);
        }
        return bound / timeScale + trailingLatencies * latency.toMillis() / 1000.0;
    }

    /** Steady-state bytes per second: channels x requests per second per channel (capped by the global limit) x bytes per request. */
    static double steadyRate(int channels, RouteLimit route, int globalPerSecond, double timeScale, double bytesPerRequest) {
        double perSecond = Math.min(channels * route.limit() / (route.window().toMillis() / 1000.0), globalPerSecond);
        return perSecond * timeScale * bytesPerRequest;
    }
}
