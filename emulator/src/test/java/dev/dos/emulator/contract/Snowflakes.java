package dev.dos.emulator.contract;

import java.time.Instant;

/** Snowflake arithmetic from Discord's reference ("Snowflakes"), written out independently. */
final class Snowflakes {
    static final long DISCORD_EPOCH_MS = 1420070400000L;

    private Snowflakes() {
    }

    static Instant timestampOf(String snowflake) {
        return Instant.ofEpochMilli((Long.parseUnsignedLong(snowflake) >>> 22) + DISCORD_EPOCH_MS);
    }

    /** The smallest snowflake of a moment: {@code (timestamp_ms - DISCORD_EPOCH) << 22}. */
    static String at(Instant moment) {
        return Long.toUnsignedString((moment.toEpochMilli() - DISCORD_EPOCH_MS) << 22);
    }
}
