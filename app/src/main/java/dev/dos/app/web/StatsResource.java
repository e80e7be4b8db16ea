package dev.dos.app.web;

import dev.dos.core.meta.MetadataStore;
import dev.dos.core.meta.StoreStats;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/stats}: totals over the local index; {@code /api/stats/history}: their growth over time. */
final class StatsResource {
    /** Enough for a chart as wide as a screen. */
    static final int HISTORY_POINTS = 500;

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

    void history(Context ctx) {
        ctx.json(Map.of("points", metadata.statsHistory(HISTORY_POINTS).stream().map(p -> {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("time", p.time().toString());
            point.put("stored_bytes", p.storedBytes());
            point.put("original_bytes", p.originalBytes());
            point.put("batches", p.batches());
            return point;
        }).toList()));
    }
}
