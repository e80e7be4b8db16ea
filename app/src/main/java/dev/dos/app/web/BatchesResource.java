package dev.dos.app.web;

import dev.dos.app.results.BatchViews;
import dev.dos.core.meta.BatchQuery;
import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.BatchSort;
import dev.dos.core.meta.MetadataStore;
import dev.dos.core.meta.Page;
import dev.dos.core.ops.DeleteOperation;
import dev.dos.core.ops.Repository;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/** {@code /api/batches}: list, show and delete batches. */
final class BatchesResource {
    static final int MAX_LIMIT = 500;

    private final Repository repository;
    private final MetadataStore metadata;
    private final UploadStaging staging;

    BatchesResource(Repository repository, UploadStaging staging) {
        this.repository = repository;
        this.metadata = repository.metadata();
        this.staging = staging;
    }

    void list(Context ctx) {
        BatchSort sort = BatchSort.valueOf(QueryParams.choice(ctx, "sort", "created", "created", "size", "name")
                .toUpperCase(Locale.ROOT));
        boolean descending = QueryParams.choice(ctx, "order", "desc", "asc", "desc").equals("desc");
        int offset = QueryParams.intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = QueryParams.intParam(ctx, "limit", BatchQuery.DEFAULT_LIMIT, 1, MAX_LIMIT);
        Page<BatchRecord> page = metadata.listBatches(BatchQuery.all().nameContaining(ctx.queryParam("q"))
                .sortedBy(sort, descending).page(offset, limit));
        ctx.json(BatchViews.page(page));
    }

    void get(Context ctx) {
        BatchRecord batch = require(ctx.pathParam("id"));
        ctx.json(BatchViews.detail(batch, metadata.entries(batch.id(), null), metadata.chunks(batch.id())));
    }

    void delete(Context ctx) throws IOException {
        BatchRecord batch = require(ctx.pathParam("id"));
        String id = new DeleteOperation(repository).delete(batch.id());
        staging.release(id); // a browser upload's files kept for a resume that will not come
        ctx.json(Map.of("deleted", id));
    }

    /** Exact ids only: a prefix that happens to match would make DELETE dangerous. */
    private BatchRecord require(String id) {
        return metadata.batch(id).orElseThrow(() -> ApiError.notFound("no batch " + id));
    }
}
