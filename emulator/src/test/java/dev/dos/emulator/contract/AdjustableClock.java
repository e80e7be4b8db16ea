package dev.dos.emulator.contract;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Real time plus an offset that tests push forward, so "a day later" takes no time at all; or,
 * once frozen, a fixed instant that only moves when pushed, so a burst of requests falls into one
 * rate-limit window however slow the machine is.
 */
final class AdjustableClock extends Clock {
    private volatile Duration offset = Duration.ZERO;
    private volatile Instant frozenAt;

    void advance(Duration by) {
        if (frozenAt != null) {
            frozenAt = frozenAt.plus(by);
        } else {
            offset = offset.plus(by);
        }
    }

    /** Stops the clock at the current instant; {@link #advance} still moves it. */
    void freeze() {
        frozenAt = instant();
    }

    @Override
    public Instant instant() {
        Instant frozen = frozenAt;
        return frozen != null ? frozen : Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the emulator works in UTC");
    }
}
