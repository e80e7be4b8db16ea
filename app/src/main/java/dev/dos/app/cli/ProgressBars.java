package dev.dos.app.cli;

import dev.dos.core.ops.ProgressListener;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;

/**
 * Renders {@link ProgressListener} events on stderr, so stdout stays clean for {@code --json}: as
 * progress bars (bytes, rate, ETA) on a terminal, as one line per phase start and end elsewhere
 * ({@link PhaseLines}), as nothing when disabled ({@code --quiet}). Warnings are printed on their
 * own lines in every case.
 */
final class ProgressBars implements ProgressListener, AutoCloseable {
    private final PrintStream err;
    private final boolean enabled;
    private final PhaseLines lines;
    private final List<String> warnings = new ArrayList<>();
    private ProgressBar bar;

    /** Bars on a terminal, phase lines otherwise; nothing at all unless {@code enabled}. */
    ProgressBars(PrintStream err, boolean enabled, boolean terminal) {
        this.err = err;
        this.enabled = enabled;
        this.lines = enabled && !terminal ? new PhaseLines(err) : null;
    }

    @Override
    public synchronized void phaseStarted(String phase, long totalBytes) {
        closeBar();
        if (lines != null) {
            lines.started(phase, totalBytes);
            return;
        }
        if (!enabled) {
            return;
        }
        bar = new ProgressBarBuilder()
                .setTaskName(phase)
                .setInitialMax(Math.max(totalBytes, 0))
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" MiB", 1024 * 1024)
                .showSpeed()
                .setUpdateIntervalMillis(200)
                .setSpeedUnit(java.time.temporal.ChronoUnit.SECONDS)
                .setConsumer(new ConsoleProgressBarConsumer(err))
                .setMaxRenderedLength(100)
                .continuousUpdate()
                .build();
        if (totalBytes < 0) {
            bar.maxHint(-1);
        }
    }

    @Override
    public synchronized void advanced(long bytes) {
        if (lines != null) {
            lines.advanced(bytes);
        }
        if (bar != null) {
            // Totals can be estimates (an upload's tar length): never show more than 100 %.
            long max = bar.getMax();
            bar.stepTo(max > 0 ? Math.min(max, bar.getCurrent() + bytes) : bar.getCurrent() + bytes);
        }
    }

    @Override
    public synchronized void phaseEnded() {
        if (lines != null) {
            lines.ended();
        }
        if (bar != null && bar.getMax() > 0) {
            bar.stepTo(bar.getMax());
        }
        closeBar();
    }

    @Override
    public synchronized void warning(String message) {
        warnings.add(message);
        err.println("warning: " + message);
    }

    synchronized List<String> warnings() {
        return List.copyOf(warnings);
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    @Override
    public synchronized void close() {
        closeBar();
        if (lines != null) {
            lines.ended();
        }
    }

}
