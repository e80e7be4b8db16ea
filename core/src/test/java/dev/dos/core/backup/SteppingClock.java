package dev.dos.core.backup;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves one second forward each time it is read, so every backup gets its own name. */
final class SteppingClock extends Clock {
    private final Instant start;
    private final AtomicLong reads = new AtomicLong();

    private SteppingClock(Instant start) {
        this.start = start;
    }

    static SteppingClock from(Instant start) {
        return new SteppingClock(start);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return start.plusSeconds(reads.getAndIncrement());
    }
}
