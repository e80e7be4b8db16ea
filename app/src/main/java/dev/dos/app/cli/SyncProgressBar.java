package dev.dos.app.cli;

import dev.dos.core.ops.SyncListener;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Renders a sync's progress on stderr, counted in batches: a sync moves little data but may
 * examine thousands of batches, so a byte bar ({@link ProgressBars}) would sit at zero.
 */
final class SyncProgressBar implements SyncListener, AutoCloseable {
    private final PrintStream err;
    private final boolean enabled;
    private ProgressBar bar;

    SyncProgressBar(PrintStream err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    @Override
    public synchronized void examining(int total) {
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
        if (bar != null) {
            bar.step();
        }
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
