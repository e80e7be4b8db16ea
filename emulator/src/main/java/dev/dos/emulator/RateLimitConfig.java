package dev.dos.emulator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How the emulator rate-limits, mirroring Discord's three layers: per-route buckets (keyed by
 * route and major parameter), the global per-bot limit, and the invalid-request counter that
 * ends in a temporary (Cloudflare) ban.
 *
 * @param enabled                 false turns every layer off (no headers, no 429s, no ban)
 * @param messageCreate           {@code POST /channels/{channel.id}/messages}, per channel (a thread is a channel)
 * @param webhookExecute          {@code POST /webhooks/{webhook.id}/{webhook.token}}, per webhook
 * @param defaultRoute            every other API route, per major parameter
 * @param routeOverrides          limits for specific routes, keyed by template, e.g.
 *                                {@code "GET /channels/{channel.id}/messages"}; they win over the above
 * @param globalPerSecond         requests per second per bot token (or per client without a token)
 * @param invalidRequestThreshold 401/403/429 responses (429s of scope {@code shared} excluded) within
 *                                {@code invalidRequestWindow} that trigger a ban
 * @param invalidRequestWindow    the sliding window of the invalid-request counter
 * @param banDuration             how long a ban lasts; every API request is refused meanwhile
 * @param timeScale               how much faster than real time the rate-limit clock runs: every window and
 *                                the ban are divided by it (2.0 halves them), so tests need not wait
 */
public record RateLimitConfig(
        boolean enabled,
        RouteLimit messageCreate,
        RouteLimit webhookExecute,
        RouteLimit defaultRoute,
        Map<String, RouteLimit> routeOverrides,
        int globalPerSecond,
        int invalidRequestThreshold,
        Duration invalidRequestWindow,
        Duration banDuration,
        double timeScale) {

    public RateLimitConfig {
        Objects.requireNonNull(messageCreate, "messageCreate");
        Objects.requireNonNull(webhookExecute, "webhookExecute");
        Objects.requireNonNull(defaultRoute, "defaultRoute");
        routeOverrides = Map.copyOf(Objects.requireNonNull(routeOverrides, "routeOverrides"));
        Objects.requireNonNull(invalidRequestWindow, "invalidRequestWindow");
        Objects.requireNonNull(banDuration, "banDuration");
        if (globalPerSecond < 1) {
            throw new IllegalArgumentException("globalPerSecond must be at least 1");
        }
        if (invalidRequestThreshold < 1) {
            throw new IllegalArgumentException("invalidRequestThreshold must be at least 1");
        }
        if (!invalidRequestWindow.isPositive() || banDuration.isNegative()) {
            throw new IllegalArgumentException("invalidRequestWindow must be positive, banDuration not negative");
        }
        if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
            throw new IllegalArgumentException("timeScale must be a positive finite number, got " + timeScale);
        }
    }

    /**
     * Discord's documented values (global 50/s; 10,000 invalid requests per 10 minutes; ban of
     * about an hour) and its observed per-route ones (message create 5 per 5 s per channel,
     * webhook execute 5 per 2 s). Other routes: 5 per second, an assumption (see docs/EMULATOR.md).
     */
    public static RateLimitConfig discordDefaults() {
        return builder().build();
    }

    /** No rate limiting at all: no headers, no 429, no ban. */
    public static RateLimitConfig disabled() {
        return builder().enabled(false).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .enabled(enabled).messageCreate(messageCreate).webhookExecute(webhookExecute)
                .defaultRoute(defaultRoute).routeOverrides(routeOverrides).globalPerSecond(globalPerSecond)
                .invalidRequestThreshold(invalidRequestThreshold).invalidRequestWindow(invalidRequestWindow)
                .banDuration(banDuration).timeScale(timeScale);
    }

    public static final class Builder {
        private boolean enabled = true;
        private RouteLimit messageCreate = RouteLimit.of(5, Duration.ofSeconds(5));
        private RouteLimit webhookExecute = RouteLimit.of(5, Duration.ofSeconds(2));
        private RouteLimit defaultRoute = RouteLimit.of(5, Duration.ofSeconds(1));
        private final Map<String, RouteLimit> routeOverrides = new LinkedHashMap<>();
        private int globalPerSecond = 50;
        private int invalidRequestThreshold = 10_000;
        private Duration invalidRequestWindow = Duration.ofMinutes(10);
        private Duration banDuration = Duration.ofHours(1);
        private double timeScale = 1.0;

        private Builder() {
        }

        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        public Builder messageCreate(RouteLimit limit) {
            this.messageCreate = limit;
            return this;
        }

        public Builder webhookExecute(RouteLimit limit) {
            this.webhookExecute = limit;
            return this;
        }

        public Builder defaultRoute(RouteLimit limit) {
            this.defaultRoute = limit;
            return this;
        }

        /** Limit for one route template, e.g. {@code "GET /channels/{channel.id}/messages"}. */
        public Builder route(String routeTemplate, RouteLimit limit) {
            this.routeOverrides.put(routeTemplate, limit);
            return this;
        }

        public Builder routeOverrides(Map<String, RouteLimit> overrides) {
            this.routeOverrides.clear();
            this.routeOverrides.putAll(overrides);
            return this;
        }

        public Builder globalPerSecond(int globalPerSecond) {
            this.globalPerSecond = globalPerSecond;
            return this;
        }

        public Builder invalidRequestThreshold(int threshold) {
            this.invalidRequestThreshold = threshold;
            return this;
        }

        public Builder invalidRequestWindow(Duration window) {
            this.invalidRequestWindow = window;
            return this;
        }

        public Builder banDuration(Duration banDuration) {
            this.banDuration = banDuration;
            return this;
        }

        public Builder timeScale(double timeScale) {
            this.timeScale = timeScale;
            return this;
        }

        public RateLimitConfig build() {
            return new RateLimitConfig(enabled, messageCreate, webhookExecute, defaultRoute, routeOverrides,
                    globalPerSecond, invalidRequestThreshold, invalidRequestWindow, banDuration, timeScale);
        }
    }
}
