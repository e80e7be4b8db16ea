package dev.dos.app.cli;

import dev.dos.core.ops.Sizes;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress for a log rather than a terminal: one line when a phase starts and one when it ends,
 * with its size, time and rate, and no escape codes ({@code upload: 12.0 MiB in 3.2 s, 3.8 MiB/s}).
 */
final class PhaseLines {
    private final PrintStream err;
    private String phase;
    private long startedNanos;
    private long bytes;

    PhaseLines(PrintStream err) {
        this.err = err;
    }

    void started(String name, long totalBytes) {
        ended();
        phase = name;
        bytes = 0;
        startedNanos = System.nanoTime();
        err.println(name + ": started" + (totalBytes > 0 ? " (" + Sizes.human(totalBytes) + ")" : ""));
    }

    void advanced(long n) {
        bytes += n;
    }

    /** The phase's closing line, with what moved; nothing if no phase is open. */
    void ended() {
        if (phase == null) {
            return;
        }
        double seconds = Math.max(1e-3, (System.nanoTime() - startedNanos) / 1e9);
        err.printf(Locale.ROOT, "%s: done, %s in %.1f s (%s/s)%n", phase, Sizes.human(bytes), seconds,
                Sizes.human((long) (bytes / seconds)));
        phase = null;
    }

    /** A phase counted in items rather than bytes (a sync's batches). */
    void endedCounting(String what, long count) {
        if (phase == null) {
            return;
        }
        double seconds = Math.max(1e-3, (System.nanoTime() - startedNanos) / 1e9);
        err.printf(Locale.ROOT, "%s: done, %d %s in %.1f s%n", phase, count, what, seconds);
        phase = null;
    }
}
