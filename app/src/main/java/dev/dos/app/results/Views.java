package dev.dos.app.results;

import java.time.Instant;
import java.util.Locale;

/** Conventions every view follows: states and kinds in lower case, times as ISO-8601 UTC strings. */
final class Views {
    private Views() {
    }

    static String lower(Enum<?> value) {
        return value == null ? null : value.name().toLowerCase(Locale.ROOT);
    }

    static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
