package dev.dos.app.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.JobKind;
import dev.dos.core.meta.JobRecord;
import dev.dos.core.meta.MetadataStore;
import dev.dos.core.ops.Repository;
import dev.dos.core.ops.TransferOptions;
import dev.dos.core.ops.UploadOperation;
import dev.dos.core.ops.UploadOptions;
import dev.dos.core.ops.UploadResult;
import dev.dos.core.ops.VerifyOperation;
import io.javalin.http.Context;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /api/jobs}: start upload and verify jobs, list jobs, show one job. */
final class JobsResource {
    static final int MAX_LIMIT = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Repository repository;
    private final MetadataStore metadata;
    private final JobRunner runner;

    JobsResource(Repository repository, JobRunner runner) {
        this.repository = repository;
        this.metadata = repository.metadata();
        this.runner = runner;
    }

    void list(Context ctx) {
        int limit = QueryParams.intParam(ctx, "limit", 100, 1, MAX_LIMIT);
        ctx.json(Map.of("items", metadata.listJobs(Set.of(), limit).stream().map(JsonViews::job).toList()));
    }

    void get(Context ctx) {
        ctx.json(JsonViews.job(require(metadata, ctx.pathParam("id"))));
    }

    void upload(Context ctx) throws JsonProcessingException {
        List<Path> paths = UploadPaths.parse(body(ctx));
        String params = JSON.writeValueAsString(Map.of("paths", paths.stream().map(Path::toString).toList()));
        JobRecord job = runner.submit(JobKind.UPLOAD, null, params, progress -> {
            UploadResult r = new UploadOperation(repository, TransferOptions.defaults()).upload(paths, UploadOptions.defaults(), progress);
            String message = "uploaded " + r.entryCount() + " entries in " + r.chunkCount() + " chunk(s)"
                    + (r.warnings().isEmpty() ? "" : "; " + r.warnings().size() + " warning(s)");
            return new JobRunner.Outcome(true, message, r.batchId());
        });
        ctx.status(202).json(JsonViews.job(job));
    }

    void verify(Context ctx) throws JsonProcessingException {
        JsonNode body = body(ctx);
        JsonNode idNode = body.get("batch_id");
        if (idNode == null || !idNode.isTextual()) {
            throw ApiError.badRequest("'batch_id' must be a string");
        }
        JsonNode deepNode = body.get("deep");
        if (deepNode != null && !deepNode.isBoolean()) {
            throw ApiError.badRequest("'deep' must be true or false");
        }
        boolean deep = deepNode != null && deepNode.asBoolean();
        BatchRecord batch = metadata.batch(idNode.asText())
                .orElseThrow(() -> ApiError.notFound("no batch " + idNode.asText()));
        String params = JSON.writeValueAsString(Map.of("batch_id", batch.id(), "deep", deep));
        JobRecord job = runner.submit(JobKind.VERIFY, batch.id(), params, progress -> {
            VerifyOperation.Report r = new VerifyOperation(repository, TransferOptions.defaults()).verify(batch.id(), deep, progress);
            String message = r.ok() ? "ok: " + r.chunks() + " chunk(s) intact"
                    : "damaged: " + r.badChunks().size() + " bad chunk(s), " + r.badFiles().size() + " bad file(s)";
            return new JobRunner.Outcome(r.ok(), message, batch.id());
        });
        ctx.status(202).json(JsonViews.job(job));
    }

    static JobRecord require(MetadataStore metadata, String idText) {
        long id;
        try {
            id = Long.parseLong(idText);
        } catch (NumberFormatException e) {
            throw ApiError.notFound("no job " + idText);
        }
        return metadata.job(id).orElseThrow(() -> ApiError.notFound("no job " + idText));
    }

    private static JsonNode body(Context ctx) {
        try {
            JsonNode node = JSON.readTree(ctx.body());
            if (node == null || !node.isObject()) {
                throw ApiError.badRequest("the body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("the body is not valid JSON");
        }
    }
}
