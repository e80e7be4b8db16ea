package dev.dos.discord.internal;

import dev.dos.core.remote.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Time that passes only when someone sleeps: pacing tests run instantly and exactly. */
final class FakeTicker implements Ticker {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AtomicLong slept = new AtomicLong();

    @Override
    public long nanos() {
        return now.get();
    }

    @Override
    public void sleep(Duration duration) {
        if (duration.isPositive()) {
            now.addAndGet(duration.toNanos());
            slept.addAndGet(duration.toNanos());
        }
    }

    void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }

    /** Total time slept so far; resets the count. */
    Duration takeSlept() {
        return Duration.ofNanos(slept.getAndSet(0));
    }
}
