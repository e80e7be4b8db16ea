package dev.dos.emulator;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Faults the emulator injects, each drawn from one random sequence seeded with {@code seed}, so
 * a failing test replays the same faults for the same sequence of requests.
 *
 * @param seed                    seed of the random sequence
 * @param error500                probability that an API request is answered 500 (nothing is done)
 * @param error502                probability of 502 Bad Gateway (nothing is done)
 * @param error503                probability of 503 Service Unavailable (nothing is done)
 * @param stormProbability        probability that an API request starts a 429 storm
 * @param stormDuration           how long a storm lasts: every API request gets a 429 of scope {@code shared}
 * @param resetMidRequest         probability that the connection is reset after reading part of the request
 *                                (nothing is done)
 * @param resetAfterCommit        probability that the request is carried out but the connection is reset
 *                                instead of answering (the client cannot know that it succeeded)
 * @param resetMidDownload        probability that a CDN download is cut off part-way through the body
 * @param latency                 added to every API and CDN request
 * @param latencyJitter           up to this much more latency, uniformly drawn
 * @param bandwidthBytesPerSecond cap on CDN download speed per download; 0 means no cap
 * @param corruptDownload         probability that a CDN download has one byte altered (the stored file is intact)
 * @param uploadBandwidthBytesPerSecond cap on how fast each API request body is read (uploads); 0 means no cap
 */
public record FaultConfig(
        long seed,
        double error500,
        double error502,
        double error503,
        double stormProbability,
        Duration stormDuration,
        double resetMidRequest,
        double resetAfterCommit,
        double resetMidDownload,
        Duration latency,
        Duration latencyJitter,
        long bandwidthBytesPerSecond,
        double corruptDownload,
        long uploadBandwidthBytesPerSecond) {

    public FaultConfig {
        Objects.requireNonNull(stormDuration, "stormDuration");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(latencyJitter, "latencyJitter");
        requireProbability("error500", error500);
        requireProbability("error502", error502);
        requireProbability("error503", error503);
        requireProbability("stormProbability", stormProbability);
        requireProbability("resetMidRequest", resetMidRequest);
        requireProbability("resetAfterCommit", resetAfterCommit);
        requireProbability("resetMidDownload", resetMidDownload);
        requireProbability("corruptDownload", corruptDownload);
        if (error500 + error502 + error503 > 1.0) {
            throw new IllegalArgumentException("error500 + error502 + error503 must not exceed 1");
        }
        if (stormDuration.isNegative() || latency.isNegative() || latencyJitter.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
        if (bandwidthBytesPerSecond < 0) {
            throw new IllegalArgumentException("bandwidthBytesPerSecond must not be negative");
        }
        if (uploadBandwidthBytesPerSecond < 0) {
            throw new IllegalArgumentException("uploadBandwidthBytesPerSecond must not be negative");
        }
    }

    private static void requireProbability(String name, double p) {
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new IllegalArgumentException(name + " must be a probability in [0, 1], got " + p);
        }
    }

    /** No faults at all. */
    public static FaultConfig none() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().seed(seed).error500(error500).error502(error502).error503(error503)
                .stormProbability(stormProbability).stormDuration(stormDuration)
                .resetMidRequest(resetMidRequest).resetAfterCommit(resetAfterCommit)
                .resetMidDownload(resetMidDownload).latency(latency).latencyJitter(latencyJitter)
                .bandwidthBytesPerSecond(bandwidthBytesPerSecond).corruptDownload(corruptDownload)
                .uploadBandwidthBytesPerSecond(uploadBandwidthBytesPerSecond);
    }


    /**
     * Parses the CLI form: comma-separated {@code key=value} pairs, e.g.
     * {@code "seed=7,500=0.01,503=0.02,storm=0.001,storm-duration=3s,latency=20ms,bandwidth=1MiB"}.
     * Keys: {@code seed, 500, 502, 503, storm, storm-duration, reset-request, reset-after-commit,
     * reset-download, latency, jitter, bandwidth, upload-bandwidth, corrupt}. Durations take
     * {@code ms}, {@code s} or {@code m}; {@code bandwidth} (CDN downloads) and
     * {@code upload-bandwidth} (API request bodies) take bytes per second with an optional
     * {@code KiB}/{@code MiB} suffix. An empty string means no faults.
     *
     * @throws IllegalArgumentException naming the offending pair
     */
    public static FaultConfig parse(String spec) {
        Builder b = builder();
        for (String pair : spec.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("fault setting '" + pair.strip() + "' is not key=value");
            }
            String key = pair.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = pair.substring(eq + 1).strip();
            try {
                applySetting(b, key, value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("fault setting '" + key + "' has a bad value: " + value, e);
            }
        }
        return b.build();
    }

    private static void applySetting(Builder b, String key, String value) {
        switch (key) {
            case "seed" -> b.seed(Long.parseLong(value));
            case "500" -> b.error500(Double.parseDouble(value));
            case "502" -> b.error502(Double.parseDouble(value));
            case "503" -> b.error503(Double.parseDouble(value));
            case "storm" -> b.stormProbability(Double.parseDouble(value));
            case "storm-duration" -> b.stormDuration(parseDuration(value));
            case "reset-request" -> b.resetMidRequest(Double.parseDouble(value));
            case "reset-after-commit" -> b.resetAfterCommit(Double.parseDouble(value));
            case "reset-download" -> b.resetMidDownload(Double.parseDouble(value));
            case "latency" -> b.latency(parseDuration(value));
            case "jitter" -> b.latencyJitter(parseDuration(value));
            case "bandwidth" -> b.bandwidthBytesPerSecond(parseBytes(value));
            case "upload-bandwidth" -> b.uploadBandwidthBytesPerSecond(parseBytes(value));
            case "corrupt" -> b.corruptDownload(Double.parseDouble(value));
            default -> throw new IllegalArgumentException("unknown fault setting '" + key + "'");
        }
    }

    static Duration parseDuration(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (v.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
        }
        if (v.endsWith("m")) {
            return Duration.ofSeconds(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 60));
        }
        throw new NumberFormatException("duration needs a unit (ms, s or m): " + value);
    }

    static long parseBytes(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (v.endsWith("mib")) {
            return Math.round(Double.parseDouble(v.substring(0, v.length() - 3)) * 1024 * 1024);
        }
        if (v.endsWith("kib")) {
            return Math.round(Double.parseDouble(v.substring(0, v.length() - 3)) * 1024);
        }
        return Long.parseLong(v);
    }

    public static final class Builder {
        private long seed;
        private double error500;
        private double error502;
        private double error503;
        private double stormProbability;
        private Duration stormDuration = Duration.ofSeconds(5);
        private double resetMidRequest;
        private double resetAfterCommit;
        private double resetMidDownload;
        private Duration latency = Duration.ZERO;
        private Duration latencyJitter = Duration.ZERO;
        private long bandwidthBytesPerSecond;
        private double corruptDownload;
        private long uploadBandwidthBytesPerSecond;

        private Builder() {
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder error500(double p) {
            this.error500 = p;
            return this;
        }

        public Builder error502(double p) {
            this.error502 = p;
            return this;
        }

        public Builder error503(double p) {
            this.error503 = p;
            return this;
        }

        public Builder stormProbability(double p) {
            this.stormProbability = p;
            return this;
        }

        public Builder stormDuration(Duration d) {
            this.stormDuration = d;
            return this;
        }

        public Builder resetMidRequest(double p) {
            this.resetMidRequest = p;
            return this;
        }

        public Builder resetAfterCommit(double p) {
            this.resetAfterCommit = p;
            return this;
        }

        public Builder resetMidDownload(double p) {
            this.resetMidDownload = p;
            return this;
        }

        public Builder latency(Duration d) {
            this.latency = d;
            return this;
        }

        public Builder latencyJitter(Duration d) {
            this.latencyJitter = d;
            return this;
        }

        public Builder bandwidthBytesPerSecond(long bytesPerSecond) {
            this.bandwidthBytesPerSecond = bytesPerSecond;
            return this;
        }

        public Builder corruptDownload(double p) {
            this.corruptDownload = p;
            return this;
        }

        /** Caps how fast each API request body (an upload) is read; 0 means no cap. */
        public Builder uploadBandwidthBytesPerSecond(long bytesPerSecond) {
            this.uploadBandwidthBytesPerSecond = bytesPerSecond;
            return this;
        }

        public FaultConfig build() {
            return new FaultConfig(seed, error500, error502, error503, stormProbability, stormDuration,
                    resetMidRequest, resetAfterCommit, resetMidDownload, latency, latencyJitter,
                    bandwidthBytesPerSecond, corruptDownload, uploadBandwidthBytesPerSecond);
        }
    }
}
