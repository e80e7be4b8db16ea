package dev.dos.app.web;

import dev.dos.app.jobs.JobStore;
import dev.dos.core.ops.ProgressListener;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes an operation's progress into its job row, so every client (and a reloaded page) sees
 * it. Writes are throttled: the database is not a counter to bump on every buffer.
 */
final class JobProgress implements ProgressListener {
    private static final long WRITE_EVERY_NANOS = 100_000_000L;

    private final JobStore jobs;
    private final long jobId;
    private final AtomicLong done = new AtomicLong();
    private volatile long total;
    private volatile String phase = "";
    private volatile long lastWrite;

    JobProgress(JobStore jobs, long jobId) {
        this.jobs = jobs;
        this.jobId = jobId;
    }

    @Override
    public synchronized void phaseStarted(String name, long totalBytes) {
        phase = name;
        done.set(0);
        total = Math.max(0, totalBytes);
        write();
    }

    @Override
    public void advanced(long bytes) {
        done.addAndGet(bytes);
        if (System.nanoTime() - lastWrite >= WRITE_EVERY_NANOS) {
            synchronized (this) {
                // Checked again under the lock: threads that passed together write once.
                if (System.nanoTime() - lastWrite >= WRITE_EVERY_NANOS) {
                    write();
                }
            }
        }
    }

    @Override
    public synchronized void phaseEnded() {
        write();
    }

    private void write() {
        lastWrite = System.nanoTime();
        long t = total;
        jobs.updateJobProgress(jobId, t > 0 ? Math.min(done.get(), t) : done.get(), t, phase);
    }
}
