package dev.dos.core.remote;

import java.time.Duration;

/** Monotonic time and sleeping, replaceable in tests (rate limits, bandwidth limits). */
public interface Ticker {

    Ticker SYSTEM = new Ticker() {
        @Override
        public long nanos() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            if (duration.isPositive()) {
                Thread.sleep(duration);
            }
        }
    };

    long nanos();

    void sleep(Duration duration) throws InterruptedException;
}
