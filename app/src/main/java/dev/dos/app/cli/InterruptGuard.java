package dev.dos.app.cli;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns Ctrl-C (or a plain {@code kill}) during an upload into a clean stop. While open, a shutdown
 * hook is registered; when the JVM begins to shut down it interrupts the thread that opened the
 * guard and waits, {@link #WAIT_SECONDS} at most, until that thread closes the guard: by then the
 * upload has let its in-flight post finish or abandoned it, journaled every confirmed chunk,
 * marked its batch incomplete and printed the resume command. The JVM then exits with the
 * signal's status (130 after Ctrl-C).
 *
 * <p>Without a signal the guard costs nothing; it is closed (and its hook removed) when the
 * command ends.
 */
final class InterruptGuard implements AutoCloseable {
    static final int WAIT_SECONDS = 10;

    private final Thread worker = Thread.currentThread();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final PrintStream err;
    private final Thread hook;

    InterruptGuard(PrintStream err) {
        this.err = err;
        this.hook = new Thread(this::stopWorker, "dos-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private void stopWorker() {
        worker.interrupt();
        try {
            if (!stopped.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                err.println("dos: the upload did not stop within " + WAIT_SECONDS + " s; exiting anyway."
                        + " Run 'dos resume' to see what can be resumed.");
            }
        } catch (InterruptedException ignored) {
            // Exiting anyway.
        }
        err.flush();
    }

    @Override
    public void close() {
        stopped.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or done; the JVM is on its way out.
        }
    }
}
