package dev.dos.emulator.model;

import java.time.Clock;
import java.time.Instant;

/**
 * Discord snowflakes: {@code (ms since 2015-01-01) << 22 | worker << 17 | process << 12 | increment}.
 * Ids strictly increase, even when several are made in one millisecond or the clock steps back,
 * because clients sort by id to sort by time.
 */
public final class SnowflakeGenerator {
    /** First millisecond of 2015 (UTC), Discord's epoch. */
    public static final long DISCORD_EPOCH = 1_420_070_400_000L;
    private static final long WORKER = 1;
    private static final long PROCESS = 0;

    private final Clock clock;
    private long last;

    public SnowflakeGenerator(Clock clock) {
        this.clock = clock;
    }

    public synchronized long next() {
        long candidate = ((clock.millis() - DISCORD_EPOCH) << 22) | (WORKER << 17) | (PROCESS << 12);
        last = Math.max(candidate, last + 1);
        return last;
    }

    /** Makes later ids larger than {@code id}: called for every id replayed from disk. */
    public synchronized void observe(long id) {
        last = Math.max(last, id);
    }

    public static Instant timestampOf(long snowflake) {
        return Instant.ofEpochMilli((snowflake >>> 22) + DISCORD_EPOCH);
    }

    /** The smallest snowflake of the given instant, as Discord's pagination docs describe. */
    public static long fromInstant(Instant instant) {
        return (instant.toEpochMilli() - DISCORD_EPOCH) << 22;
    }
}
