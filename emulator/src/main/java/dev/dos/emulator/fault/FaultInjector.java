package dev.dos.emulator.fault;

import dev.dos.emulator.FaultConfig;
import java.util.Random;

/**
 * Decides which faults hit which request. Every decision is drawn from one random sequence
 * seeded by {@link FaultConfig#seed()}, in the order requests arrive, so a single-threaded test
 * sees the same faults on every run. Reconfiguring restarts the sequence from the new seed.
 */
public final class FaultInjector {
    private FaultConfig config;
    private Random random;
    private long stormUntilMillis;

    public FaultInjector(FaultConfig config) {
        reconfigure(config);
    }

    public synchronized void reconfigure(FaultConfig newConfig) {
        this.config = newConfig;
        this.random = new Random(newConfig.seed());
        this.stormUntilMillis = 0;
    }

    public synchronized FaultConfig config() {
        return config;
    }

    /** Sleeps for this request's added latency (outside the lock, so requests wait in parallel). */
    public void delay() {
        long millis = latencyMillis();
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Latency to add to this request: the fixed part plus uniform jitter. */
    synchronized long latencyMillis() {
        long jitter = config.latencyJitter().toMillis();
        return config.latency().toMillis() + (jitter > 0 ? (long) (random.nextDouble() * (jitter + 1)) : 0);
    }

    public synchronized ServerFault serverFault() {
        double total = config.error500() + config.error502() + config.error503();
        if (total == 0) {
            return ServerFault.NONE;
        }
        double r = random.nextDouble();
        if (r < config.error500()) {
            return ServerFault.INTERNAL_SERVER_ERROR;
        }
        if (r < config.error500() + config.error502()) {
            return ServerFault.BAD_GATEWAY;
        }
        return r < total ? ServerFault.SERVICE_UNAVAILABLE : ServerFault.NONE;
    }

    /**
     * Milliseconds left of the current 429 storm, possibly started by this request; 0 when there
     * is no storm.
     */
    public synchronized long stormRemainingMillis(long nowMillis) {
        if (nowMillis >= stormUntilMillis && chance(config.stormProbability())) {
            stormUntilMillis = nowMillis + config.stormDuration().toMillis();
        }
        return Math.max(0, stormUntilMillis - nowMillis);
    }

    /** Starts a storm now that lasts until {@code untilMillis}, whatever the storm probability. */
    public synchronized void startStorm(long untilMillis) {
        stormUntilMillis = Math.max(stormUntilMillis, untilMillis);
    }

    public synchronized boolean resetMidRequest() {
        return chance(config.resetMidRequest());
    }

    public synchronized boolean resetAfterCommit() {
        return chance(config.resetAfterCommit());
    }

    public synchronized boolean resetMidDownload() {
        return chance(config.resetMidDownload());
    }

    public synchronized boolean corruptDownload() {
        return chance(config.corruptDownload());
    }

    /** A uniformly drawn index in {@code [0, bound)}, for where to cut or what to corrupt. */
    public synchronized long nextIndex(long bound) {
        return bound <= 1 ? 0 : (long) (random.nextDouble() * bound);
    }

    /** A non-zero byte to XOR into a corrupted download, so the byte surely changes. */
    public synchronized int nextFlipMask() {
        return 1 + random.nextInt(255);
    }

    public synchronized long bandwidthBytesPerSecond() {
        return config.bandwidthBytesPerSecond();
    }

    /** Cap on reading one API request body, bytes per second; 0 means none. */
    public synchronized long uploadBandwidthBytesPerSecond() {
        return config.uploadBandwidthBytesPerSecond();
    }

    private boolean chance(double p) {
        return p > 0 && random.nextDouble() < p;
    }
}
