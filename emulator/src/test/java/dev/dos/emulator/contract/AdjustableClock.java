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
 *
 * <p>Against live Discord ({@link #realTime()}) nobody can move Discord's clock: advancing waits
 * for real, up to {@link #LONGEST_REAL_WAIT}; tests that need longer are emulator-only.
 */
final class AdjustableClock extends Clock {
    /** The longest a live test may wait (the 5-minute enforce_nonce memory of docs/EMULATOR.md). */
    static final Duration LONGEST_REAL_WAIT = Duration.ofMinutes(6);

    private volatile Duration offset = Duration.ZERO;
    private volatile Instant frozenAt;
    private final boolean real;

    AdjustableClock() {
        this(false);
    }

    private AdjustableClock(boolean real) {
        this.real = real;
    }

    /** Real time that cannot be moved: {@link #advance} sleeps, {@link #freeze} refuses. */
    static AdjustableClock realTime() {
        return new AdjustableClock(true);
    }

    void advance(Duration by) {
        if (real) {
            if (by.compareTo(LONGEST_REAL_WAIT) > 0) {
                throw new IllegalStateException("Discord's clock cannot be moved " + by + " ahead: mark the test"
                        + " @EmulatorOnly");
            }
            try {
                Thread.sleep(by);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting " + by, e);
            }
            return;
        }
        if (frozenAt != null) {
            frozenAt = frozenAt.plus(by);
        } else {
            offset = offset.plus(by);
        }
    }

    /** Stops the clock at the current instant; {@link #advance} still moves it. */
    void freeze() {
        if (real) {
            throw new IllegalStateException("Discord's clock cannot be stopped: mark the test @EmulatorOnly");
        }
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
