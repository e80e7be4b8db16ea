package dev.dos.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The one fake clock of every module's tests: time that moves only when a test moves it, so
 * expiry, archiving, rate-limit windows and throttling need no sleeping.
 *
 * <ul>
 *   <li>{@link #at} / {@link #startingNow()}: a stopped clock; {@link #set} and {@link #advance}
 *       move it.</li>
 *   <li>{@link #running()}: real time plus an offset that {@link #advance} pushes forward (for a
 *       server whose clock must still tick, e.g. signed links); {@link #freeze()} stops it.</li>
 *   <li>{@link #stepping}: moves forward by a step each time it is read (every backup its own
 *       name).</li>
 *   <li>{@link #realTime()}: live Discord, whose clock nobody can move: {@link #advance} waits for
 *       real, up to {@link #LONGEST_REAL_WAIT}, and {@link #freeze}/{@link #set} refuse.</li>
 * </ul>
 *
 * <p>{@link #nanos()} reads it as a monotonic tick and {@link #sleep} advances it, so it also
 * stands in for a ticker ({@code dev.dos.core.remote.Ticker}: {@code clock.ticker()} in core's
 * tests, through a two-line adapter: core cannot see this module's main code, nor it core's).
 */
public final class FakeClock extends Clock {
    /** The longest a live test may wait (the 5-minute enforce_nonce memory of docs/EMULATOR.md). */
    public static final Duration LONGEST_REAL_WAIT = Duration.ofMinutes(6);

    private enum Mode { STOPPED, RUNNING, REAL }

    private final Mode initial;
    private final Duration step;
    private final Instant origin;
    private final long originNanos = System.nanoTime();
    /** Stopped: the instant. Running: the offset from real time. Guarded by this. */
    private Instant now;
    private Duration offset = Duration.ZERO;
    private boolean frozen;
    /** Nanoseconds {@link #sleep} moved the clock, since {@link #takeSlept}. */
    private final java.util.concurrent.atomic.AtomicLong slept = new java.util.concurrent.atomic.AtomicLong();

    private FakeClock(Mode mode, Instant start, Duration step) {
        this.initial = mode;
        this.now = start;
        this.origin = start;
        this.step = step;
        this.frozen = mode == Mode.STOPPED;
    }

    /** A stopped clock showing {@code start}. */
    public static FakeClock at(Instant start) {
        return new FakeClock(Mode.STOPPED, start, Duration.ZERO);
    }

    /** A stopped clock showing {@code start}, e.g. {@code "2026-01-01T00:00:00Z"}. */
    public static FakeClock at(String start) {
        return at(Instant.parse(start));
    }

    /** A stopped clock showing the moment it was made. */
    public static FakeClock startingNow() {
        return at(Instant.now());
    }

    /** A stopped clock that moves {@code step} forward after every read (the first read is {@code start}). */
    public static FakeClock stepping(Instant start, Duration step) {
        return new FakeClock(Mode.STOPPED, start, step);
    }

    /** Real time plus an offset that {@link #advance} and {@link #shift} move. */
    public static FakeClock running() {
        return new FakeClock(Mode.RUNNING, null, Duration.ZERO);
    }

    /** Real time that cannot be moved, for live Discord: {@link #advance} sleeps, {@link #freeze} refuses. */
    public static FakeClock realTime() {
        return new FakeClock(Mode.REAL, null, Duration.ZERO);
    }

    /** Moves the clock {@code by} forward (live: waits that long). */
    public void advance(Duration by) {
        if (initial == Mode.REAL) {
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
        synchronized (this) {
            if (frozen) {
                now = now.plus(by);
            } else {
                offset = offset.plus(by);
            }
        }
    }

    public void advanceSeconds(long seconds) {
        advance(Duration.ofSeconds(seconds));
    }

    /** Sets a running clock's offset from real time (not cumulative, unlike {@link #advance}). */
    public synchronized void shift(Duration fromRealTime) {
        requireMovable("shifted");
        if (frozen) {
            throw new IllegalStateException("a stopped clock has no offset: use set or advance");
        }
        offset = fromRealTime;
    }

    /** Shows {@code instant} from now on; a running clock stops there. */
    public synchronized void set(Instant instant) {
        requireMovable("set");
        frozen = true;
        now = instant;
    }

    /** Stops the clock at the current instant; {@link #advance} still moves it. */
    public synchronized void freeze() {
        requireMovable("stopped");
        if (!frozen) {
            now = Instant.now().plus(offset);
            frozen = true;
        }
    }

    private void requireMovable(String what) {
        if (initial == Mode.REAL) {
            throw new IllegalStateException("Discord's clock cannot be " + what + ": mark the test @EmulatorOnly");
        }
    }

    @Override
    public synchronized Instant instant() {
        if (!frozen) {
            return Instant.now().plus(offset);
        }
        Instant shown = now;
        now = now.plus(step);
        return shown;
    }

    /** Nanoseconds since the clock was made, as a monotonic ticker reads them. */
    public long nanos() {
        if (initial == Mode.REAL) {
            return System.nanoTime() - originNanos;
        }
        Instant at = peek();
        Instant base = origin != null ? origin : Instant.EPOCH;
        return Duration.between(base, at).toNanos();
    }

    /** A ticker's sleep: moves the clock instead of waiting (live: waits). */
    public void sleep(Duration duration) {
        if (duration.isPositive()) {
            advance(duration);
            slept.addAndGet(duration.toNanos());
        }
    }

    /** How long {@link #sleep} was asked to wait since the last call; resets the count. */
    public Duration takeSlept() {
        return Duration.ofNanos(slept.getAndSet(0));
    }

    /** The current instant without counting as a read of a stepping clock. */
    private synchronized Instant peek() {
        return frozen ? now : Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this; // fake time is UTC, and a copy would no longer move with this clock
    }
}
