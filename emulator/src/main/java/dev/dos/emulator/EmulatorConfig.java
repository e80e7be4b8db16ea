package dev.dos.emulator;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything an emulator is started with. Immutable; build one with {@link #builder()}.
 *
 * @param port               TCP port on 127.0.0.1; 0 picks a free one
 * @param dataDir            where state persists (journal and attachment files); null keeps state in
 *                           memory only (attachment bytes then live in a temporary directory deleted on close)
 * @param premiumTier        the guild's boost tier (0..3) at start; it sets the upload limit
 * @param linkExpiry         lifetime of signed CDN links (Discord: about 24 hours)
 * @param rateLimits         rate limiting
 * @param faults             fault injection
 * @param seed               seeds the secrets of a freshly created sandbox (bot token, link signing key)
 * @param maxActiveThreads   active (non-archived) threads a guild may have (Discord: 1000)
 * @param uploadLimitBytes   per-file upload limit of an unboosted guild and of webhooks (see docs/EMULATOR.md:
 *                           Discord's docs moved from 10 MiB to 20 MiB in September 2026; default 10 MiB)
 * @param maxRequestBytes    largest message-sending request, all parts together (Discord documents 25 MiB);
 *                           boosted tiers raise it to fit one file at their per-file limit
 * @param clock              wall clock for timestamps, ids, link expiry, thread archiving and rate limits
 * @param requestLogCapacity most recent requests the request log keeps
 * @param refreshUrls        whether {@code POST /attachments/refresh-urls} is served; Discord never documented
 *                           it, so clients must cope with a 404 there (false answers 404 as for an unknown route)
 * @param exchangeListeners  see every exchange (beside those named in {@code META-INF/services})
 */
public record EmulatorConfig(
        int port,
        Path dataDir,
        int premiumTier,
        Duration linkExpiry,
        RateLimitConfig rateLimits,
        FaultConfig faults,
        long seed,
        int maxActiveThreads,
        long uploadLimitBytes,
        long maxRequestBytes,
        Clock clock,
        int requestLogCapacity,
        boolean refreshUrls,
        List<ExchangeListener> exchangeListeners) {

    public static final long MIB = 1024 * 1024;

    public EmulatorConfig {
        Objects.requireNonNull(linkExpiry, "linkExpiry");
        Objects.requireNonNull(rateLimits, "rateLimits");
        Objects.requireNonNull(faults, "faults");
        Objects.requireNonNull(clock, "clock");
        exchangeListeners = List.copyOf(exchangeListeners);
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (premiumTier < 0 || premiumTier > 3) {
            throw new IllegalArgumentException("premiumTier must be 0..3, got " + premiumTier);
        }
        if (!linkExpiry.isPositive()) {
            throw new IllegalArgumentException("linkExpiry must be positive, got " + linkExpiry);
        }
        if (maxActiveThreads < 1 || uploadLimitBytes < 1 || maxRequestBytes < 1 || requestLogCapacity < 1) {
            throw new IllegalArgumentException(
                    "maxActiveThreads, uploadLimitBytes, maxRequestBytes and requestLogCapacity must be positive");
        }
    }

    /** In memory, free port, Discord's limits, no faults, a random seed. */
    public static EmulatorConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().port(port).dataDir(dataDir).premiumTier(premiumTier).linkExpiry(linkExpiry)
                .rateLimits(rateLimits).faults(faults).seed(seed).maxActiveThreads(maxActiveThreads)
                .uploadLimitBytes(uploadLimitBytes).maxRequestBytes(maxRequestBytes).clock(clock)
                .requestLogCapacity(requestLogCapacity).refreshUrls(refreshUrls)
                .exchangeListeners(exchangeListeners);
    }

    public static final class Builder {
        private int port;
        private Path dataDir;
        private int premiumTier;
        private Duration linkExpiry = Duration.ofHours(24);
        private RateLimitConfig rateLimits = RateLimitConfig.discordDefaults();
        private FaultConfig faults = FaultConfig.none();
        private long seed = new SecureRandom().nextLong();
        private int maxActiveThreads = 1000;
        private long uploadLimitBytes = 10 * MIB;
        private long maxRequestBytes = 25 * MIB;
        private Clock clock = Clock.systemUTC();
        private int requestLogCapacity = 100_000;
        private boolean refreshUrls = true;
        private final List<ExchangeListener> exchangeListeners = new ArrayList<>();

        private Builder() {
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder premiumTier(int premiumTier) {
            this.premiumTier = premiumTier;
            return this;
        }

        public Builder linkExpiry(Duration linkExpiry) {
            this.linkExpiry = linkExpiry;
            return this;
        }

        public Builder rateLimits(RateLimitConfig rateLimits) {
            this.rateLimits = rateLimits;
            return this;
        }

        public Builder faults(FaultConfig faults) {
            this.faults = faults;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder maxActiveThreads(int maxActiveThreads) {
            this.maxActiveThreads = maxActiveThreads;
            return this;
        }

        public Builder uploadLimitBytes(long uploadLimitBytes) {
            this.uploadLimitBytes = uploadLimitBytes;
            return this;
        }

        public Builder maxRequestBytes(long maxRequestBytes) {
            this.maxRequestBytes = maxRequestBytes;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder requestLogCapacity(int requestLogCapacity) {
            this.requestLogCapacity = requestLogCapacity;
            return this;
        }

        public Builder refreshUrls(boolean refreshUrls) {
            this.refreshUrls = refreshUrls;
            return this;
        }

        /** Adds a listener that sees every exchange. */
        public Builder exchangeListener(ExchangeListener listener) {
            exchangeListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        private Builder exchangeListeners(List<ExchangeListener> listeners) {
            exchangeListeners.clear();
            exchangeListeners.addAll(listeners);
            return this;
        }

        public EmulatorConfig build() {
            return new EmulatorConfig(port, dataDir, premiumTier, linkExpiry, rateLimits, faults, seed,
                    maxActiveThreads, uploadLimitBytes, maxRequestBytes, clock, requestLogCapacity, refreshUrls,
                    exchangeListeners);
        }
    }
}
