package dev.dos.app.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.MetadataException;
import dev.dos.core.meta.SqliteMetadataStore;
import dev.dos.testkit.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web server's jobs, in a table of the metadata database file beside core's index. */
class JobStoreTest {
    static final Instant START = Instant.parse("2025-03-01T10:00:00Z");

    @TempDir
    Path dir;
    FakeClock clock = FakeClock.at(START);
    SqliteMetadataStore metadata;
    JobStore store;

    @BeforeEach
    void open() {
        metadata = SqliteMetadataStore.open(dir.resolve("metadata.db"), clock);
        store = SqliteJobStore.in(metadata, clock);
    }

    @AfterEach
    void close() {
        metadata.close();
    }

    static String id(long n) {
        return String.format("%032x", n);
    }

    @Test
    void aNewJobIsQueuedWithoutProgress() {
        JobRecord job = store.createJob(JobKind.UPLOAD, null, "{\"paths\":[\"/home/me/photos\"]}");
        assertThat(job).isEqualTo(new JobRecord(job.id(), JobKind.UPLOAD, JobState.QUEUED, 0, 0, null, null,
                "{\"paths\":[\"/home/me/photos\"]}", START, START));
        assertThat(store.createJob(JobKind.VERIFY, id(1), null).id()).isGreaterThan(job.id());
    }

    @Test
    void aJobRunsReportsProgressAndSucceeds() {
        long id = store.createJob(JobKind.UPLOAD, null, null).id();
        clock.advance(Duration.ofSeconds(1));
        assertThat(store.moveJob(id, JobState.QUEUED, JobState.RUNNING, "planning")).isTrue();
        store.setJobBatch(id, id(7));
        clock.advance(Duration.ofSeconds(1));
        assertThat(store.updateJobProgress(id, 500, 2000, null)).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(store.moveJob(id, JobState.RUNNING, JobState.SUCCEEDED, "done")).isTrue();

        JobRecord job = store.job(id).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(job.doneBytes()).isEqualTo(500);
        assertThat(job.totalBytes()).isEqualTo(2000);
        assertThat(job.message()).isEqualTo("done");
        assertThat(job.batchId()).isEqualTo(id(7));
        assertThat(job.createdAt()).isEqualTo(START);
        assertThat(job.updatedAt()).isEqualTo(START.plusSeconds(3));
    }

    @Test
    void progressAfterCancellationIsRefusedSoTheWorkerStops() {
        long id = store.createJob(JobKind.DOWNLOAD, id(1), null).id();
        store.moveJob(id, JobState.QUEUED, JobState.RUNNING, null);
        assertThat(store.moveJob(id, JobState.RUNNING, JobState.CANCELLED, "cancelled from the dashboard")).isTrue();

        assertThat(store.updateJobProgress(id, 10, 20, "still going")).isFalse();
        assertThat(store.moveJob(id, JobState.RUNNING, JobState.SUCCEEDED, null)).isFalse();
        JobRecord job = store.job(id).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.CANCELLED);
        assertThat(job.message()).isEqualTo("cancelled from the dashboard");
        assertThat(job.doneBytes()).isZero();
    }

    @Test
    void forbiddenMovesAndMissingJobsAreErrors() {
        long id = store.createJob(JobKind.SYNC, null, null).id();
        assertThatThrownBy(() -> store.moveJob(id, JobState.SUCCEEDED, JobState.RUNNING, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.moveJob(999, JobState.QUEUED, JobState.RUNNING, null))
                .isInstanceOf(MetadataException.NotFound.class);
        assertThatThrownBy(() -> store.updateJobProgress(999, 1, 1, null)).isInstanceOf(MetadataException.NotFound.class);
        assertThatThrownBy(() -> store.setJobBatch(999, id(1))).isInstanceOf(MetadataException.NotFound.class);
    }

    @Test
    void jobsAreListedNewestFirstAndFilteredByState() {
        long a = store.createJob(JobKind.UPLOAD, null, null).id();
        long b = store.createJob(JobKind.VERIFY, null, null).id();
        long c = store.createJob(JobKind.BACKUP, null, null).id();
        store.moveJob(b, JobState.QUEUED, JobState.RUNNING, null);

        assertThat(store.listJobs(Set.of(), 10)).extracting(JobRecord::id).containsExactly(c, b, a);
        assertThat(store.listJobs(Set.of(), 2)).extracting(JobRecord::id).containsExactly(c, b);
        assertThat(store.listJobs(Set.of(JobState.RUNNING), 10)).extracting(JobRecord::id).containsExactly(b);
    }

    @Test
    void jobsSurviveReopening() {
        long id = store.createJob(JobKind.RESUME, id(3), "{\"batch\":\"x\"}").id();
        store.moveJob(id, JobState.QUEUED, JobState.RUNNING, null);
        store.updateJobProgress(id, 40, 100, "chunk 4 of 10");
        JobRecord before = store.job(id).orElseThrow();
        metadata.close();

        metadata = SqliteMetadataStore.open(dir.resolve("metadata.db"), clock);
        store = SqliteJobStore.in(metadata, clock);
        assertThat(store.job(id)).contains(before);
    }

    @Test
    void staleActiveJobsAreFailedAndOthersLeftAlone() {
        long oldRunning = store.createJob(JobKind.UPLOAD, null, null).id();
        store.moveJob(oldRunning, JobState.QUEUED, JobState.RUNNING, null);
        long oldDone = store.createJob(JobKind.VERIFY, null, null).id();
        store.moveJob(oldDone, JobState.QUEUED, JobState.RUNNING, null);
        store.moveJob(oldDone, JobState.RUNNING, JobState.SUCCEEDED, null);
        clock.advance(Duration.ofMinutes(10));
        long fresh = store.createJob(JobKind.SYNC, null, null).id();

        assertThat(store.failStaleJobs(START.plusSeconds(300), "process died")).isEqualTo(1);
        assertThat(store.job(oldRunning).orElseThrow()).extracting(JobRecord::state, JobRecord::message)
                .containsExactly(JobState.FAILED, "process died");
        assertThat(store.job(oldDone).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(store.job(fresh).orElseThrow().state()).isEqualTo(JobState.QUEUED);
    }

    @Test
    void deleteRemovesAJob() {
        long id = store.createJob(JobKind.DELETE, id(1), null).id();
        assertThat(store.deleteJob(id)).isTrue();
        assertThat(store.deleteJob(id)).isFalse();
        assertThat(store.job(id)).isEmpty();
    }

    @Test
    void aJobKeepsItsBatchIdWhenTheBatchIsDeleted() {
        metadata.insertBatch(BatchRecord.startUpload(id(1), "b", START, "zstd", 1, "fp-1"));
        long job = store.createJob(JobKind.DELETE, id(1), null).id();

        assertThat(metadata.deleteBatch(id(1))).isTrue();
        assertThat(store.job(job).orElseThrow().batchId()).isEqualTo(id(1));
    }

    @Test
    void jobsGoIntoABackupOfTheFile() {
        long id = store.createJob(JobKind.BACKUP, null, null).id();
        Path copy = dir.resolve("backup.db");
        metadata.backupTo(copy);

        try (SqliteMetadataStore restored = SqliteMetadataStore.open(copy, clock)) {
            assertThat(SqliteJobStore.in(restored, clock).job(id)).contains(store.job(id).orElseThrow());
        }
    }
}
