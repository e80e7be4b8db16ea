package dev.dos.app.web;

import dev.dos.core.format.ManifestEntry;
import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.ChunkRecord;
import dev.dos.core.meta.JobRecord;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The API's JSON shapes, in snake_case. Only local metadata is shown: never key material, the
 * bot token or remote message ids.
 */
final class JsonViews {
    private JsonViews() {
    }

    static Map<String, Object> batch(BatchRecord b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", b.id());
        m.put("name", b.name());
        m.put("state", lower(b.state()));
        m.put("created_at", b.createdAt().toString());
        m.put("completed_at", b.completedAt() == null ? null : b.completedAt().toString());
        m.put("codec", b.codec());
        m.put("original_bytes", b.originalBytes());
        m.put("stored_bytes", b.storedBytes());
        m.put("files", b.fileCount());
        m.put("chunks", b.chunkCount());
        return m;
    }

    static Map<String, Object> entry(ManifestEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", e.path());
        m.put("type", lower(e.type()));
        m.put("size", e.size());
        m.put("mtime_millis", e.mtimeMillis());
        m.put("sha256", e.sha256());
        return m;
    }

    static Map<String, Object> chunk(ChunkRecord c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", c.index());
        m.put("size", c.size());
        m.put("plain_size", c.plainSize());
        m.put("sha256", c.sha256());
        m.put("state", lower(c.state()));
        return m;
    }

    static Map<String, Object> job(JobRecord j) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", j.id());
        m.put("kind", lower(j.kind()));
        m.put("state", lower(j.state()));
        m.put("done_bytes", j.doneBytes());
        m.put("total_bytes", j.totalBytes());
        m.put("message", j.message());
        m.put("batch_id", j.batchId());
        m.put("created_at", j.createdAt().toString());
        m.put("updated_at", j.updatedAt().toString());
        return m;
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
