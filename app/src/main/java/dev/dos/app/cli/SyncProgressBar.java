package dev.dos.app.cli;

import dev.dos.core.ops.SyncListener;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Renders a sync's progress on stderr, counted in batches: a sync moves little data but may
 * examine thousands of batches, so a byte bar ({@link ProgressBars}) would sit at zero. On a
 * terminal a bar; elsewhere one line at the start and one at the end.
 */
final class SyncProgressBar implements SyncListener, AutoCloseable {
    private final PrintStream err;
    private final boolean enabled;
    private final PhaseLines lines;
    private ProgressBar bar;
    private int examined;
    private boolean announced;

    SyncProgressBar(PrintStream err, boolean enabled, boolean terminal) {
        this.err = err;
        this.enabled = enabled;
        this.lines = enabled && !terminal ? new PhaseLines(err) : null;
    }

    @Override
    public synchronized void examining(int total) {
        if (lines != null) {
            if (!announced && total > 0) {
                announced = true;
                lines.started("sync", 0);
            }
            return;
        }
        if (!enabled || total == 0) {
            return;
        }
        if (bar == null) {
            bar = new ProgressBarBuilder()
                    .setTaskName("sync")
                    .setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUnit(" batches", 1)
                    .setUpdateIntervalMillis(200)
                    .setConsumer(new ConsoleProgressBarConsumer(err))
                    .setMaxRenderedLength(100)
                    .continuousUpdate()
                    .build();
        } else {
            bar.maxHint(total);
        }
    }

    @Override
    public synchronized void examined(String batchId) {
        examined++;
        if (bar != null) {
            bar.step();
        }
    }

    @Override
    public synchronized void close() {
        if (lines != null) {
            lines.endedCounting("batches examined", examined);
        }
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
