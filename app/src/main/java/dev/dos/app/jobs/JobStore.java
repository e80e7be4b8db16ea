package dev.dos.app.jobs;

import dev.dos.core.meta.MetadataException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The web server's jobs, kept in the metadata database file so their state, progress and times
 * survive restarts and every process sharing the file sees them.
 *
 * <p>Each call is atomic. Methods that change a named job throw {@link MetadataException.NotFound}
 * when it does not exist; {@link #moveJob} returns false when the job is in another state than
 * expected; a delete of a missing job returns false; a database failure throws
 * {@link MetadataException}. Safe for concurrent use.
 */
public interface JobStore {

    /** Creates a QUEUED job with no progress; created and updated times are now. */
    JobRecord createJob(JobKind kind, String batchId, String paramsJson);

    Optional<JobRecord> job(long id);

    /** Up to {@code limit} jobs in the given states (empty: any state), newest first. */
    List<JobRecord> listJobs(Set<JobState> states, int limit);

    /**
     * Moves job {@code id} from {@code from} to {@code to} if it is in {@code from}; returns whether it
     * moved. A non-null {@code message} replaces the job's message.
     *
     * @throws IllegalArgumentException if {@link JobState#canMoveTo} forbids the move
     */
    boolean moveJob(long id, JobState from, JobState to, String message);

    /**
     * Records progress of a job that is not final; a non-null {@code message} replaces the job's
     * message. Returns false, recording nothing, when the job is already final (for example
     * cancelled from the dashboard): the worker should stop.
     */
    boolean updateJobProgress(long id, long doneBytes, long totalBytes, String message);

    /** Links a job to the batch it works on. */
    void setJobBatch(long id, String batchId);

    /**
     * Fails every QUEUED or RUNNING job not updated since {@code staleBefore}: their process died.
     * Returns how many.
     */
    int failStaleJobs(Instant staleBefore, String message);

    boolean deleteJob(long id);
}
