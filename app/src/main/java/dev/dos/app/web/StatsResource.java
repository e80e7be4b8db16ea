package dev.dos.app.web;

import dev.dos.app.results.StatsViews;
import dev.dos.core.meta.MetadataStore;
import io.javalin.http.Context;

/** {@code GET /api/stats}: totals over the local index; {@code /api/stats/history}: their growth over time. */
final class StatsResource {
    /** Enough for a chart as wide as a screen. */
    static final int HISTORY_POINTS = 500;

    private final MetadataStore metadata;

    StatsResource(MetadataStore metadata) {
        this.metadata = metadata;
    }

    void get(Context ctx) {
        ctx.json(StatsViews.stats(metadata.stats()));
    }

    void history(Context ctx) {
        ctx.json(StatsViews.history(metadata.statsHistory(HISTORY_POINTS)));
    }
}
