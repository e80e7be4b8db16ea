package dev.dos.app.cli;

import dev.dos.core.meta.BatchRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON shapes of batches, shared by the read commands so scripts see one format. */
final class BatchViews {
    private BatchViews() {
    }

    static Map<String, Object> summary(BatchRecord b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("batch_id", b.id());
        m.put("name", b.name());
        m.put("state", b.state().name().toLowerCase(java.util.Locale.ROOT));
        m.put("created_at", b.createdAt().toString());
        m.put("completed_at", b.completedAt() == null ? null : b.completedAt().toString());
        m.put("original_bytes", b.originalBytes());
        m.put("stored_bytes", b.storedBytes());
        m.put("entries", b.fileCount());
        m.put("chunks", b.chunkCount());
        m.put("codec", b.codec());
        m.put("format_version", b.formatVersion());
        return m;
    }
}
