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
 * Renders {@link ProgressListener} events as progress bars (bytes, rate, ETA) on stderr, so
 * stdout stays clean for {@code --json}. Warnings are printed on their own lines.
 */
final class ProgressBars implements ProgressListener, AutoCloseable {
    private final PrintStream err;
    private final boolean enabled;
    private final List<String> warnings = new ArrayList<>();
    private ProgressBar bar;

    ProgressBars(PrintStream err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    @Override
    public synchronized void phaseStarted(String phase, long totalBytes) {
        closeBar();
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
        if (bar != null) {
            // Totals can be estimates (an upload's tar length): never show more than 100 %.
            long max = bar.getMax();
            bar.stepTo(max > 0 ? Math.min(max, bar.getCurrent() + bytes) : bar.getCurrent() + bytes);
        }
    }

    @Override
    public synchronized void phaseEnded() {
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
    }

}
