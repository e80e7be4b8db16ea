package dev.dos.app.web;

import dev.dos.core.meta.JobRecord;
import dev.dos.core.meta.MetadataStore;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Set;

/** {@code GET /api/jobs} and {@code GET /api/jobs/{id}}: jobs as the index records them. */
final class JobsResource {
    static final int MAX_LIMIT = 500;

    private final MetadataStore metadata;
    private final JobRunner runner;

    JobsResource(MetadataStore metadata, JobRunner runner) {
        this.metadata = metadata;
        this.runner = runner;
    }

    void list(Context ctx) {
        int limit = QueryParams.intParam(ctx, "limit", 100, 1, MAX_LIMIT);
        ctx.json(Map.of("jobs", metadata.listJobs(Set.of(), limit).stream().map(runner::view).toList()));
    }

    void get(Context ctx) {
        ctx.json(runner.view(require(metadata, ctx.pathParam("id"))));
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
}
