package dev.dos.app.web;

import dev.dos.app.jobs.JobKind;
import dev.dos.app.jobs.JobRecord;
import dev.dos.app.results.OperationViews;
import dev.dos.app.summary.ResultLines;
import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.MetadataStore;
import dev.dos.core.ops.IncompleteUploadException;
import dev.dos.core.ops.Repository;
import dev.dos.core.ops.UploadOperation;
import dev.dos.core.ops.UploadOptions;
import dev.dos.core.ops.UploadResult;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /api/jobs/upload}: JSON names server-side paths; {@code multipart/form-data} is a
 * browser upload, staged first ({@link UploadStaging}). Either way one UPLOAD job makes one batch.
 */
final class UploadJobs {
    private final Repository repository;
    private final TransferSettings transfers;
    private final MetadataStore metadata;
    private final JobRunner runner;
    private final ServerPaths paths;
    private final UploadStaging staging;

    UploadJobs(Repository repository, TransferSettings transfers, JobRunner runner, ServerPaths paths, UploadStaging staging) {
        this.repository = repository;
        this.transfers = transfers;
        this.metadata = repository.metadata();
        this.runner = runner;
        this.paths = paths;
        this.staging = staging;
    }

    void upload(Context ctx) throws IOException {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        JobRecord job;
        if (type.startsWith("multipart/form-data")) {
            UploadStaging.Staged staged = staging.receive(ctx.req());
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("browser_files", staged.files());
            params.put("browser_bytes", staged.bytes());
            params.put("name", staged.name());
            job = submit(staged.items(), staged.name(), staged.dir(), params);
        } else {
            JsonBody body = JsonBody.of(ctx, false);
            List<Path> sources = paths.sources(body.node());
            String name = body.optionalString("name", UploadStaging.MAX_NAME_CHARS);
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("paths", sources.stream().map(Path::toString).toList());
            params.put("name", name);
            job = submit(sources, name == null || name.isBlank() ? null : name.strip(), null, params);
        }
        ctx.status(202).json(runner.view(job));
    }

    /** {@code stagingDir}: the browser upload's folder, or null for server-side paths. */
    private JobRecord submit(List<Path> sources, String name, Path stagingDir, Map<String, Object> params) {
        return runner.submit(JobKind.UPLOAD, null, JsonBody.write(params), progress -> {
            try {
                UploadResult r = new UploadOperation(transfers.repository(), transfers.options()).upload(sources, UploadOptions.defaults(), progress);
                if (stagingDir != null) {
                    staging.discard(stagingDir);
                }
                if (name != null) {
                    rename(r.batchId(), name);
                }
                String warnings = r.warnings().isEmpty() ? "" : "; " + ResultLines.count(r.warnings().size(), "warning");
                Map<String, Object> result = OperationViews.upload(r);
                if (name != null) {
                    result.put("name", name);
                }
                return new JobRunner.Outcome(true, ResultLines.upload(r) + warnings, r.batchId(), result);
            } catch (IncompleteUploadException stopped) {
                if (stagingDir != null) {
                    staging.keepFor(stopped.batchId(), stagingDir);
                }
                if (name != null) {
                    rename(stopped.batchId(), name);
                }
                return new JobRunner.Outcome(false, stopped.getMessage() + "; resume it with POST /api/jobs/resume"
                        + " or 'dos resume " + stopped.batchId().substring(0, 8) + "'", stopped.batchId());
            } catch (Exception e) {
                if (stagingDir != null) {
                    staging.discard(stagingDir);
                }
                throw e;
            }
        });
    }

    /** The name asked for is local metadata, like every batch name ('dos sync --reset' names batches by their items again). */
    private void rename(String batchId, String name) {
        metadata.batch(batchId).ifPresent(b -> metadata.updateBatch(new BatchRecord(b.id(), name, b.state(),
                b.createdAt(), b.completedAt(), b.codec(), b.originalBytes(), b.storedBytes(), b.fileCount(),
                b.chunkCount(), b.formatVersion(), b.keyFingerprint(), b.storageThreadId(), b.indexMessageId())));
    }
}
