package dev.dos.emulator.ratelimit;

import dev.dos.emulator.RateLimitConfig;
import dev.dos.emulator.RouteLimit;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Discord's rate limits in one place: per-route buckets keyed by route and major parameter, the
 * global per-bot limit and the invalid-request counter with its ban. All windows run
 * {@link RateLimitConfig#timeScale()} times faster than the clock.
 */
public final class RateLimiter {
    /** Route templates are few and fixed: each is hashed once. */
    private static final Map<String, String> BUCKET_IDS = new ConcurrentHashMap<>();

    private final RateLimitConfig config;
    private final Clock clock;
    private final FixedWindows buckets = new FixedWindows();
    private final FixedWindows global = new FixedWindows();
    private final InvalidRequestMonitor invalid;

    public RateLimiter(RateLimitConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.invalid = new InvalidRequestMonitor(config.invalidRequestThreshold(),
                scaled(config.invalidRequestWindow()), config.banDuration().isZero() ? 0
                : scaled(config.banDuration()));
    }

    public boolean enabled() {
        return config.enabled();
    }

    /** Milliseconds left of a ban for too many invalid requests; 0 when not banned. */
    public long banRemainingMillis() {
        return config.enabled() ? invalid.banRemainingMillis(clock.millis()) : 0;
    }

    /** Counts a 401, 403 or (non-shared) 429 answer toward the invalid-request limit. */
    public void recordInvalid() {
        if (config.enabled()) {
            invalid.record(clock.millis());
        }
    }

    /**
     * Counts a request against the global limit of {@code clientKey} (a bot token, or one key for
     * all requests without one).
     *
     * @return milliseconds to wait when the global limit is exceeded, empty when allowed
     */
    public Optional<Long> hitGlobal(String clientKey) {
        if (!config.enabled()) {
            return Optional.empty();
        }
        FixedWindows.Usage u = global.hit(clientKey, config.globalPerSecond(), scaled(Duration.ofSeconds(1)),
                clock.millis());
        return u.allowed() ? Optional.empty() : Optional.of(u.resetAfterMillis());
    }

    /**
     * Counts a request against the bucket of {@code route} (a template such as
     * {@code "POST /channels/{channel.id}/messages"}) for {@code majorParameter}. With rate
     * limiting disabled every bucket holds {@link Integer#MAX_VALUE} requests per window: the
     * headers Discord always sends are still sent, and never make a client wait.
     */
    public BucketState hitRoute(String route, RouteKind kind, String majorParameter) {
        RouteLimit limit = limitFor(route, kind);
        String bucket = bucketId(route);
        FixedWindows.Usage u = buckets.hit(bucket + ":" + majorParameter, limit.limit(), scaled(limit.window()),
                clock.millis());
        return new BucketState(u.allowed(), bucket, u.limit(), u.remaining(), u.resetAtMillis(), u.resetAfterMillis());
    }

    /** The bucket as {@link #hitRoute} would find it, without counting a request (for answers made before it). */
    public BucketState peekRoute(String route, RouteKind kind, String majorParameter) {
        RouteLimit limit = limitFor(route, kind);
        String bucket = bucketId(route);
        FixedWindows.Usage u = buckets.peek(bucket + ":" + majorParameter, limit.limit(), scaled(limit.window()),
                clock.millis());
        return new BucketState(u.allowed(), bucket, u.limit(), u.remaining(), u.resetAtMillis(), u.resetAfterMillis());
    }

    private RouteLimit limitFor(String route, RouteKind kind) {
        if (!config.enabled()) {
            return new RouteLimit(Integer.MAX_VALUE, limitFor(config.routeOverrides().get(route), kind).window());
        }
        return limitFor(config.routeOverrides().get(route), kind);
    }

    private RouteLimit limitFor(RouteLimit override, RouteKind kind) {
        if (override != null) {
            return override;
        }
        return switch (kind) {
            case MESSAGE_CREATE -> config.messageCreate();
            case WEBHOOK_EXECUTE -> config.webhookExecute();
            case DEFAULT -> config.defaultRoute();
        };
    }

    private long scaled(Duration d) {
        return Math.max(1, Math.round(d.toMillis() / config.timeScale()));
    }

    /**
     * The opaque {@code X-RateLimit-Bucket} of a route: stable, shaped like Discord's (32 hex
     * digits) and, as Discord's, the same for every major parameter.
     */
    public static String bucketId(String route) {
        return BUCKET_IDS.computeIfAbsent(route, RateLimiter::hashRoute);
    }

    private static String hashRoute(String route) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("dos-emulator bucket " + route).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
