package dev.dos.app.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dos.app.jobs.JobRecord;
import dev.dos.app.jobs.JobStore;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /api/jobs/{id}/events}: Server-Sent Events for one job. Sends a {@code progress}
 * event whenever the job's row changes and one {@code state} event when it reaches a final state,
 * then ends the stream. It reads the database, so it follows jobs started by any client.
 */
final class JobEvents {
    private static final long POLL_MILLIS = 150;
    private static final long KEEP_ALIVE_MILLIS = 15_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JobStore jobs;
    private final JobRunner runner;

    JobEvents(JobStore jobs, JobRunner runner) {
        this.jobs = jobs;
        this.runner = runner;
    }

    void stream(Context ctx) throws IOException, InterruptedException {
        JobRecord job = JobsResource.require(jobs, ctx.pathParam("id"));
        ctx.status(200);
        ctx.res().setContentType("text/event-stream");
        ctx.res().setCharacterEncoding("UTF-8");
        ctx.res().setHeader("Cache-Control", "no-cache");
        OutputStream out = ctx.res().getOutputStream();
        JobRecord last = null;
        long lastSent = System.currentTimeMillis();
        try {
            while (true) {
                if (!job.equals(last)) {
                    send(out, job.state().isFinal() ? "state" : "progress", job);
                    last = job;
                    lastSent = System.currentTimeMillis();
                    if (job.state().isFinal()) {
                        return;
                    }
                } else if (System.currentTimeMillis() - lastSent > KEEP_ALIVE_MILLIS) {
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    lastSent = System.currentTimeMillis();
                }
                Thread.sleep(POLL_MILLIS);
                job = jobs.job(job.id()).orElse(last);
            }
        } catch (IOException clientGone) {
            // the browser closed the stream; nothing to clean up
        }
    }

    private void send(OutputStream out, String event, JobRecord job) throws IOException {
        String text = "event: " + event + "\ndata: " + JSON.writeValueAsString(runner.view(job)) + "\n\n";
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
