package dev.dos.app.web;

import dev.dos.core.meta.MetadataStore;
import dev.dos.core.meta.StoreStats;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/stats}: totals over the local index. */
final class StatsResource {
    private final MetadataStore metadata;

    StatsResource(MetadataStore metadata) {
        this.metadata = metadata;
    }

    void get(Context ctx) {
        StoreStats s = metadata.stats();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("batches", s.batches());
        out.put("files", s.files());
        out.put("stored_bytes", s.storedBytes());
        out.put("original_bytes", s.originalBytes());
        out.put("compression_ratio", s.compressionRatio());
        out.put("chunks", s.chunks());
        out.put("incomplete_uploads", s.incompleteUploads());
        out.put("damaged_batches", s.damagedBatches());
        out.put("last_verify", s.lastVerify().map(Object::toString).orElse(null));
        out.put("last_backup", s.lastBackup().map(Object::toString).orElse(null));
        ctx.json(out);
    }
}
