package dev.dos.app.results;

import dev.dos.core.meta.StatsPoint;
import dev.dos.core.meta.StoreStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The store's totals ({@code dos stats}, {@code GET /api/stats}) and their growth ({@code GET /api/stats/history}). */
public final class StatsViews {
    private StatsViews() {
    }

    public static Map<String, Object> stats(StoreStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("batches", s.batches());
        m.put("files", s.files());
        m.put("stored_bytes", s.storedBytes());
        m.put("original_bytes", s.originalBytes());
        m.put("compression_ratio", s.compressionRatio());
        m.put("chunks", s.chunks());
        m.put("incomplete_uploads", s.incompleteUploads());
        m.put("damaged_batches", s.damagedBatches());
        m.put("last_verify", s.lastVerify().map(Object::toString).orElse(null));
        m.put("last_backup", s.lastBackup().map(Object::toString).orElse(null));
        return m;
    }

    public static Map<String, Object> history(List<StatsPoint> points) {
        return Map.of("points", points.stream().map(p -> {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("time", Views.time(p.time()));
            point.put("stored_bytes", p.storedBytes());
            point.put("original_bytes", p.originalBytes());
            point.put("batches", p.batches());
            return point;
        }).toList());
    }
}
