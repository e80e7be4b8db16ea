package dev.dos.app.results;

import dev.dos.app.jobs.JobRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/** A web job ({@code GET /api/jobs/{id}} and its events): its id is {@code job_id}, its batch's {@code batch_id}. */
public final class JobViews {
    private JobViews() {
    }

    /**
     * @param result the view of what the job's operation returned ({@link OperationViews}), the
     *               object the matching CLI command prints with {@code --json}; null while it runs,
     *               when it failed without one, or when another server run finished it
     */
    public static Map<String, Object> job(JobRecord j, Object result) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("job_id", j.id());
        m.put("kind", Views.lower(j.kind()));
        m.put("state", Views.lower(j.state()));
        m.put("done_bytes", j.doneBytes());
        m.put("total_bytes", j.totalBytes());
        m.put("message", j.message());
        m.put("batch_id", j.batchId());
        m.put("created_at", Views.time(j.createdAt()));
        m.put("updated_at", Views.time(j.updatedAt()));
        m.put("result", result);
        return m;
    }
}
