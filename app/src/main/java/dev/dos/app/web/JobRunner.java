package dev.dos.app.web;

import dev.dos.app.jobs.JobKind;
import dev.dos.app.jobs.JobRecord;
import dev.dos.app.jobs.JobState;
import dev.dos.app.jobs.JobStore;
import dev.dos.app.results.JobViews;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs jobs on virtual threads. The job's row is the only state: it is created QUEUED, moved to
 * RUNNING, and ends SUCCEEDED or FAILED with a message, so clients just read the database.
 */
final class JobRunner implements AutoCloseable {
    /** The work of one job: returns how it ended, throws on failure. */
    interface Work {
        Outcome run(JobProgress progress) throws Exception;
    }

    /**
     * How a job ended: whether that was a success, its final message, the batch it made or worked
     * on, and the view of the operation's result ({@link dev.dos.app.results.OperationViews}; null if none).
     */
    record Outcome(boolean ok, String message, String batchId, Object result) {
        Outcome(boolean ok, String message, String batchId) {
            this(ok, message, batchId, null);
        }
    }

    /** Results kept for {@code GET /api/jobs}: the newest this many; older jobs show none. */
    static final int KEPT_RESULTS = 500;

    /** A job untouched this long was left behind by a server that died (kill -9, power loss). */
    static final Duration STALE_AFTER = Duration.ofMinutes(10);
    private static final String STOPPED = "the server stopped while this job ran; run 'dos resume' for uploads";

    private final JobStore jobs;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<Long> unfinished = ConcurrentHashMap.newKeySet();
    /**
     * The results of the jobs this server ran. Held in memory, not in the jobs table: a job's row keeps
     * its message across restarts, its structured result lives as long as the server.
     */
    private final Map<Long, Object> results = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Object> eldest) {
            return size() > KEPT_RESULTS;
        }
    });

    JobRunner(JobStore jobs) {
        this.jobs = jobs;
        jobs.failStaleJobs(Instant.now().minus(STALE_AFTER), STOPPED);
    }

    /** The store the jobs live in: the resources read it, so they follow jobs any client started. */
    JobStore jobs() {
        return jobs;
    }

    JobRecord submit(JobKind kind, String batchId, String paramsJson, Work work) {
        JobRecord job = jobs.createJob(kind, batchId, paramsJson);
        unfinished.add(job.id());
        executor.execute(() -> run(job.id(), work));
        return job;
    }

    private void run(long id, Work work) {
        try {
            runTracked(id, work);
        } finally {
            unfinished.remove(id);
        }
    }

    private void runTracked(long id, Work work) {
        if (!jobs.moveJob(id, JobState.QUEUED, JobState.RUNNING, "running")) {
            return;
        }
        try {
            Outcome outcome = work.run(new JobProgress(jobs, id));
            if (outcome.batchId() != null) {
                jobs.setJobBatch(id, outcome.batchId());
            }
            if (outcome.result() != null) {
                results.put(id, outcome.result()); // before the final state, so a client that sees it sees the result
            }
            jobs.moveJob(id, JobState.RUNNING, outcome.ok() ? JobState.SUCCEEDED : JobState.FAILED, outcome.message());
        } catch (Exception e) {
            String message = e instanceof InterruptedException || Thread.currentThread().isInterrupted() ? STOPPED
                    : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            jobs.moveJob(id, JobState.RUNNING, JobState.FAILED, message);
        }
    }

    /** The job as the API shows it, with its result when this server ran it to the end. */
    Map<String, Object> view(JobRecord job) {
        return JobViews.job(job, results.get(job.id()));
    }

    /** Stops taking jobs, interrupts running ones and marks those that did not end as failed. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (long id : unfinished) {
            if (!jobs.moveJob(id, JobState.RUNNING, JobState.FAILED, STOPPED)) {
                jobs.moveJob(id, JobState.QUEUED, JobState.FAILED, STOPPED);
            }
        }
    }
}
