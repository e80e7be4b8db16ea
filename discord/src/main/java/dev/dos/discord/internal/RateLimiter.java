package dev.dos.discord.internal;

import dev.dos.core.remote.Ticker;
import dev.dos.discord.RestListener;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Paces REST requests so they never exceed a limit Discord has told us about.
 *
 * <p>Each request names its route and major parameter (channel, guild or webhook id). Until a
 * response reveals the route's bucket ({@code X-RateLimit-Bucket}), the route is its own bucket.
 * Within a bucket requests go one at a time, and a request waits <em>before</em> sending when the
 * bucket is empty, until its reset (plus a margin). All requests also share the
 * {@link GlobalLimiter}, whose slot each request holds until its response is recorded. A 429
 * stops the bucket (or, when global, everything) for its {@code retry_after}.
 */
public final class RateLimiter {
    /** Added to every reset: the server's clock and rounding may run a little behind ours. */
    static final Duration MARGIN = Duration.ofMillis(50);

    private final Ticker ticker;
    private final GlobalLimiter global;
    private final RestListener listener;
    private final ConcurrentMap<String, String> bucketOfRoute = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Set<String> unlimitedRoutes = ConcurrentHashMap.newKeySet();

    public RateLimiter(int globalPerSecond, Ticker ticker, RestListener listener) {
        this.ticker = ticker;
        this.global = new GlobalLimiter(globalPerSecond, MARGIN, ticker);
        this.listener = listener;
    }

    /**
     * Waits until a request on {@code route} with major parameter {@code major} may be sent.
     * The caller must {@link Permit#complete complete} or {@link Permit#abandon abandon} the
     * permit exactly once.
     */
    public Permit acquire(String route, String major) throws InterruptedException {
        String routeKey = route + "|" + major;
        Bucket bucket = null;
        while (!unlimitedRoutes.contains(routeKey)) {
            String key = bucketKey(routeKey, major);
            Bucket candidate = buckets.computeIfAbsent(key, k -> new Bucket());
            candidate.takeTurn();
            if (key.equals(bucketKey(routeKey, major)) && !unlimitedRoutes.contains(routeKey)) {
                bucket = candidate;
                break;
            }
            candidate.endTurn(); // the bucket was learned while we queued: queue in the real one
        }
        try {
            if (bucket != null) {
                long wait;
                while ((wait = bucket.reserve(ticker.nanos())) > 0) {
                    listener.waiting(route, Duration.ofNanos(wait), false);
                    ticker.sleep(Duration.ofNanos(wait));
                }
            }
            long before = ticker.nanos();
            int slot = global.acquire();
            Duration waited = Duration.ofNanos(ticker.nanos() - before);
            if (waited.toMillis() >= 1) {
                listener.waiting(route, waited, true);
            }
            return new Permit(routeKey, major, bucket, slot);
        } catch (InterruptedException | RuntimeException e) {
            if (bucket != null) {
                bucket.endTurn();
            }
            throw e;
        }
    }

    private String bucketKey(String routeKey, String major) {
        String hash = bucketOfRoute.get(routeKey);
        return hash == null ? "route|" + routeKey : "bucket|" + hash + "|" + major;
    }

    /** The right to send one request; records what its response said about the limits. */
    public final class Permit {
        private final String routeKey;
        private final String major;
        private final Bucket held;
        private final int globalSlot;
        private boolean done;

        private Permit(String routeKey, String major, Bucket held, int globalSlot) {
            this.routeKey = routeKey;
            this.major = major;
            this.held = held;
            this.globalSlot = globalSlot;
        }

        /** Records the response's rate-limit information and lets the next request go. */
        public void complete(RateLimitInfo info) {
            if (done) {
                return;
            }
            done = true;
            try {
                long now = ticker.nanos();
                Bucket learned = null;
                if (info.bucket() != null) {
                    bucketOfRoute.put(routeKey, info.bucket());
                    learned = buckets.computeIfAbsent(bucketKey(routeKey, major), k -> new Bucket());
                    long resetAt = now + info.resetAfter().plus(MARGIN).toNanos();
                    learned.update(info.limit(), info.remaining(), resetAt, now);
                } else if (info.status() / 100 == 2) {
                    unlimitedRoutes.add(routeKey);
                }
                if (info.status() == 429) {
                    Duration retryAfter = info.retryAfter().plus(MARGIN);
                    if (info.global()) {
                        global.block(retryAfter);
                    } else {
                        unlimitedRoutes.remove(routeKey);
                        Bucket target = learned != null ? learned
                                : buckets.computeIfAbsent(bucketKey(routeKey, major), k -> new Bucket());
                        target.exhaust(now + retryAfter.toNanos());
                        if (held != null && held != target) {
                            held.exhaust(now + retryAfter.toNanos());
                        }
                    }
                }
            } finally {
                global.release(globalSlot);
                if (held != null) {
                    held.endTurn();
                }
            }
        }

        /** The request got no response (connection failure): let the next request go. */
        public void abandon() {
            if (done) {
                return;
            }
            done = true;
            global.release(globalSlot);
            if (held != null) {
                held.endTurn();
            }
        }
    }
}
