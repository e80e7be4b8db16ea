package dev.dos.app.web;

import dev.dos.app.jobs.JobKind;
import dev.dos.app.jobs.JobRecord;
import dev.dos.app.results.OperationViews;
import dev.dos.app.summary.ResultLines;
import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.MetadataStore;
import dev.dos.core.ops.IncompleteUploadException;
import dev.dos.core.ops.Repository;
import dev.dos.core.ops.RestoreOperation;
import dev.dos.core.ops.ResumeOperation;
import dev.dos.core.ops.ResumeResult;
import dev.dos.core.ops.VerifyOperation;
import dev.dos.core.pack.RestoreProblem;
import io.javalin.http.Context;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Jobs on one batch: {@code POST /api/jobs/verify}, {@code /resume} and {@code /download}. */
final class BatchJobs {
    private final Repository repository;
    private final TransferSettings transfers;
    private final MetadataStore metadata;
    private final JobRunner runner;
    private final ServerPaths paths;
    private final UploadStaging staging;

    BatchJobs(Repository repository, TransferSettings transfers, JobRunner runner, ServerPaths paths, UploadStaging staging) {
        this.repository = repository;
        this.transfers = transfers;
        this.metadata = repository.metadata();
        this.runner = runner;
        this.paths = paths;
        this.staging = staging;
    }

    void verify(Context ctx) {
        JsonBody body = JsonBody.of(ctx, false);
        BatchRecord batch = requireBatch(body);
        boolean deep = body.optionalBoolean("deep");
        JobRecord job = runner.submit(JobKind.VERIFY, batch.id(), JsonBody.write(Map.of("batch_id", batch.id(), "deep", deep)),
                progress -> {
                    VerifyOperation.Report r = new VerifyOperation(transfers.repository(), transfers.options()).verify(batch.id(), deep, progress);
                    return new JobRunner.Outcome(r.ok(), ResultLines.verify(r), batch.id(), OperationViews.verify(r));
                });
        ctx.status(202).json(runner.view(job));
    }

    void resume(Context ctx) {
        BatchRecord batch = requireBatch(JsonBody.of(ctx, false));
        // ResumeOperation's own rule, checked now so the client gets its 409 instead of a failed job.
        new ResumeOperation(repository).checkResumable(batch.id());
        JobRecord job = runner.submit(JobKind.RESUME, batch.id(), JsonBody.write(Map.of("batch_id", batch.id())), progress -> {
            try {
                ResumeResult r = new ResumeOperation(transfers.repository(), transfers.options()).resume(batch.id(), progress);
                staging.release(batch.id());
                return new JobRunner.Outcome(true, ResultLines.resume(r), batch.id(), OperationViews.resume(r));
            } catch (IncompleteUploadException stopped) {
                return new JobRunner.Outcome(false, stopped.getMessage() + "; it can be resumed again", batch.id());
            }
        });
        ctx.status(202).json(runner.view(job));
    }

    void download(Context ctx) {
        JsonBody body = JsonBody.of(ctx, false);
        BatchRecord batch = requireBatch(body);
        Path destination = paths.destination(body.requiredString("destination"));
        List<String> entries = body.optionalStrings("paths", ServerPaths.MAX_PATHS);
        boolean overwrite = body.optionalBoolean("overwrite");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("batch_id", batch.id());
        params.put("destination", destination.toString());
        params.put("paths", entries);
        params.put("overwrite", overwrite);
        JobRecord job = runner.submit(JobKind.DOWNLOAD, batch.id(), JsonBody.write(params), progress -> {
            RestoreOperation.Report r = new RestoreOperation(transfers.repository(), transfers.options()).restore(batch.id(), destination, entries,
                    overwrite, progress);
            List<RestoreProblem> problems = r.result().problems();
            String message = ResultLines.restore(r, destination)
                    + (r.result().damagedChunks().isEmpty() ? "" : "; damaged chunk(s) " + r.result().damagedChunks())
                    + (problems.isEmpty() ? "" : "; " + ResultLines.count(problems.size(), "entry problem")
                            + ", first: " + problems.getFirst());
            return new JobRunner.Outcome(!r.result().hasFailures(), message, batch.id(), OperationViews.restore(r, destination));
        });
        ctx.status(202).json(runner.view(job));
    }

    /** Exact ids only, as for DELETE: a prefix that happens to match would act on the wrong batch. */
    private BatchRecord requireBatch(JsonBody body) {
        String id = body.requiredString("batch_id");
        return metadata.batch(id).orElseThrow(() -> ApiError.notFound("no batch " + id));
    }
}
