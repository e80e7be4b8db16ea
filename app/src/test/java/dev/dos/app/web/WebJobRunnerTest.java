package dev.dos.app.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dos.app.jobs.JobKind;
import dev.dos.app.jobs.JobRecord;
import dev.dos.app.jobs.JobState;
import dev.dos.app.jobs.JobStore;
import dev.dos.app.jobs.SqliteJobStore;
import dev.dos.core.meta.MetadataStore;
import dev.dos.core.meta.SqliteMetadataStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Job rows always end in a final state: on success, on failure and when the server stops. */
class WebJobRunnerTest {
    @TempDir
    Path dir;

    @Test
    void failuresEndTheJobFailedWithTheirMessage() throws Exception {
        try (MetadataStore metadata = SqliteMetadataStore.open(dir.resolve("m.db"));
             JobRunner runner = new JobRunner(SqliteJobStore.in(metadata))) {
            long thrown = runner.submit(JobKind.UPLOAD, null, null, p -> {
                throw new IOException("disk gone");
            }).id();
            long damaged = runner.submit(JobKind.VERIFY, null, null,
                    p -> new JobRunner.Outcome(false, "damaged: 1 bad chunk(s)", null)).id();
            assertEquals("disk gone", awaitFinal(runner.jobs(), thrown, JobState.FAILED).message());
            assertEquals("damaged: 1 bad chunk(s)", awaitFinal(runner.jobs(), damaged, JobState.FAILED).message());
        }
    }

    @Test
    void closingTheRunnerFailsJobsStillRunning() throws Exception {
        try (MetadataStore metadata = SqliteMetadataStore.open(dir.resolve("m.db"))) {
            CountDownLatch started = new CountDownLatch(1);
            long id;
            JobStore jobs = SqliteJobStore.in(metadata);
            try (JobRunner runner = new JobRunner(jobs)) {
                id = runner.submit(JobKind.UPLOAD, null, null, p -> {
                    started.countDown();
                    new CountDownLatch(1).await();
                    return new JobRunner.Outcome(true, "never", null);
                }).id();
                assertTrue(started.await(10, TimeUnit.SECONDS));
            }
            JobRecord job = jobs.job(id).orElseThrow();
            assertEquals(JobState.FAILED, job.state());
            assertTrue(job.message().contains("server stopped"), job.message());
        }
    }

    private static JobRecord awaitFinal(JobStore jobs, long id, JobState expected) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            JobRecord job = jobs.job(id).orElseThrow();
            if (job.state().isFinal()) {
                assertEquals(expected, job.state());
                return job;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("job " + id + " did not end");
    }
}
