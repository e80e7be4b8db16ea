package dev.dos.app.web;

import dev.dos.app.jobs.JobKind;
import dev.dos.app.jobs.JobRecord;
import dev.dos.app.results.OperationViews;
import dev.dos.app.summary.ResultLines;
import dev.dos.core.backup.BackupOperation;
import dev.dos.core.backup.BackupOptions;
import dev.dos.core.backup.BackupResult;
import dev.dos.core.ops.ProgressListener;
import dev.dos.core.ops.Repository;
import dev.dos.core.ops.SyncListener;
import dev.dos.core.ops.SyncOperation;
import dev.dos.core.ops.SyncReport;
import io.javalin.http.Context;
import java.nio.file.Path;
import java.util.Map;

/** Jobs on the whole store: {@code POST /api/jobs/sync} and {@code /backup}. */
final class StoreJobs {
    private final Repository repository;
    private final JobRunner runner;
    private final Path backupDirectory;

    StoreJobs(Repository repository, JobRunner runner, Path backupDirectory) {
        this.repository = repository;
        this.runner = runner;
        this.backupDirectory = backupDirectory;
    }

    void sync(Context ctx) {
        boolean reset = JsonBody.of(ctx, true).optionalBoolean("reset");
        JobRecord job = runner.submit(JobKind.SYNC, null, JsonBody.write(Map.of("reset", reset)), progress -> {
            SyncOperation sync = new SyncOperation(repository);
            BatchCounter counter = new BatchCounter(progress);
            SyncReport r = reset ? sync.reset(counter) : sync.sync(counter);
            progress.phaseEnded();
            String problems = r.clean() ? "" : "; " + ResultLines.count(r.issues().size(), "problem")
                    + " found (run 'dos sync' for details)";
            return new JobRunner.Outcome(r.clean(), ResultLines.sync(r) + problems, null, OperationViews.sync(r));
        });
        ctx.status(202).json(runner.view(job));
    }

    void backup(Context ctx) {
        boolean toDiscord = JsonBody.of(ctx, true).optionalBoolean("to_discord");
        JobRecord job = runner.submit(JobKind.BACKUP, null, JsonBody.write(Map.of("to_discord", toDiscord)), progress -> {
            BackupResult r = new BackupOperation(repository, backupDirectory)
                    .backup(BackupOptions.defaults().withToRemote(toDiscord), progress);
            String posted = toDiscord ? "; posted to the backup channel in "
                    + ResultLines.count(r.remotePostIds().size(), "message") : "";
            return new JobRunner.Outcome(true, ResultLines.backup(r) + ", saved as " + r.file().getFileName() + posted, null,
                    OperationViews.backup(r));
        });
        ctx.status(202).json(runner.view(job));
    }

    /** A sync counts batches, not bytes: the job's done/total are batches examined / to examine. */
    private static final class BatchCounter implements SyncListener {
        private final ProgressListener progress;
        private long examined;

        BatchCounter(ProgressListener progress) {
            this.progress = progress;
        }

        @Override
        public void examining(int total) {
            progress.phaseStarted("sync", total); // may come twice as the total grows: carry the count over
            progress.advanced(examined);
        }

        @Override
        public void examined(String batchId) {
            examined++;
            progress.advanced(1);
        }
    }
}
