package dev.dos.app.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses human durations given on the command line: {@code 250ms}, {@code 30s}, {@code 10m}, {@code 24h}, {@code 7d}. */
final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

    private Durations() {
    }

    static Duration parse(String text) {
        Matcher m = FORM.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("bad duration '" + text + "' (use e.g. 250ms, 30s, 10m, 24h, 7d)");
        }
        double value = Double.parseDouble(m.group(1));
        long millis = switch (m.group(2)) {
            case "ms" -> Math.round(value);
            case "s" -> Math.round(value * 1_000);
            case "m" -> Math.round(value * 60_000);
            case "h" -> Math.round(value * 3_600_000);
            default -> Math.round(value * 86_400_000);
        };
        return Duration.ofMillis(millis);
    }
}
