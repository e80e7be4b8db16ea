package dev.dos.app.jobs;

import java.time.Instant;
import java.util.Objects;

/**
 * A unit of work the web server runs (an upload, verify, sync ... started from the dashboard or
 * the API). Jobs live in the metadata database file, so their
 * state, progress and times survive restarts and are visible to every process sharing the file.
 *
 * @param id          assigned by the store, increasing
 * @param kind        what the job does
 * @param state       lifecycle state
 * @param doneBytes   bytes processed so far
 * @param totalBytes  bytes to process in all; 0 while unknown
 * @param message     latest status or error line for humans; null if none
 * @param batchId     batch the job works on; null if none yet (an upload before it has planned its batch).
 *                    Not a foreign key: a delete job outlives its batch.
 * @param paramsJson  the job's parameters as JSON text (what to resume it with); null if none
 * @param createdAt   when the job was created
 * @param updatedAt   last state or progress change; a RUNNING job whose updatedAt stops moving has died
 */
public record JobRecord(long id, JobKind kind, JobState state, long doneBytes, long totalBytes, String message,
                        String batchId, String paramsJson, Instant createdAt, Instant updatedAt) {
    public JobRecord {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
