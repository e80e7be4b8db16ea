package dev.dos.app.web;

import dev.dos.app.jobs.JobRecord;
import dev.dos.app.jobs.JobStore;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Set;

/** {@code GET /api/jobs} and {@code GET /api/jobs/{id}}: jobs as their table in the metadata file records them. */
final class JobsResource {
    static final int MAX_LIMIT = 500;

    private final JobStore jobs;
    private final JobRunner runner;

    JobsResource(JobStore jobs, JobRunner runner) {
        this.jobs = jobs;
        this.runner = runner;
    }

    void list(Context ctx) {
        int limit = QueryParams.intParam(ctx, "limit", 100, 1, MAX_LIMIT);
        ctx.json(Map.of("jobs", jobs.listJobs(Set.of(), limit).stream().map(runner::view).toList()));
    }

    void get(Context ctx) {
        ctx.json(runner.view(require(jobs, ctx.pathParam("id"))));
    }

    static JobRecord require(JobStore jobs, String idText) {
        long id;
        try {
            id = Long.parseLong(idText);
        } catch (NumberFormatException e) {
            throw ApiError.notFound("no job " + idText);
        }
        return jobs.job(id).orElseThrow(() -> ApiError.notFound("no job " + idText));
    }
}
