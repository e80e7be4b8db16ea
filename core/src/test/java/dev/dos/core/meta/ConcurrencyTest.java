package dev.dos.core.meta;

import static dev.dos.core.meta.Fixtures.id;
import static dev.dos.core.meta.Fixtures.planned;
import static dev.dos.core.meta.Fixtures.uploading;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrencyTest {
    static final int CHUNKS = 5;

    @TempDir
    Path dir;

    @Test
    void manyVirtualThreadsUploadIntoOneStore() throws Exception {
        int uploads = 300;
        try (SqliteMetadataStore store = SqliteMetadataStore.open(dir.resolve("metadata.db"))) {
            runAll(uploads, n -> simulateUpload(store, n));

            assertThat(store.stats().batches()).isEqualTo(uploads);
            assertThat(store.stats().chunks()).isEqualTo((long) uploads * CHUNKS);
            assertThat(store.setting("progress." + (uploads - 1))).contains(Integer.toString(CHUNKS));
            for (int n = 0; n < uploads; n++) {
                assertThat(store.chunks(id(n))).allMatch(c -> c.state() == ChunkState.POSTED).hasSize(CHUNKS);
            }
        }
    }

    /** Two stores on one file stand for two processes (CLI and web): SQLite's busy timeout queues them. */
    @Test
    void twoStoresOnOneFileWriteConcurrently() throws Exception {
        Path file = dir.resolve("metadata.db");
        try (SqliteMetadataStore cli = SqliteMetadataStore.open(file);
             SqliteMetadataStore web = SqliteMetadataStore.open(file)) {
            runAll(200, n -> simulateUpload(n % 2 == 0 ? cli : web, n));

            assertThat(cli.stats().batches()).isEqualTo(200);
            assertThat(web.stats().chunks()).isEqualTo(200L * CHUNKS);
        }
    }

    /**
     * More threads than pooled readers each stream entries and, from inside the callback, read and
     * write the store again. Nested reads reuse the thread's reader, so the pool cannot run dry.
     */
    @Test
    void callbacksThatUseTheStoreAgainDoNotDeadlock() throws Exception {
        try (SqliteMetadataStore store = SqliteMetadataStore.open(dir.resolve("metadata.db"))) {
            store.insertBatch(uploading(id(1)));
            store.putEntries(id(1), IntStream.range(0, 20).mapToObj(i -> Fixtures.file("f" + i, 0, i * 512L)).toList());
            AtomicInteger visited = new AtomicInteger();

            runAll(64, n -> store.forEachEntry(id(1), null, e -> {
                assertThat(store.batch(id(1))).isPresent();
                store.putSetting("seen." + n, e.path());
                visited.incrementAndGet();
            }));

            assertThat(visited.get()).isEqualTo(64 * 20);
            assertThat(store.setting("seen.63")).contains("f19");
        }
    }

    private static void simulateUpload(MetadataStore store, int n) {
        String batchId = id(n);
        store.putSetting("progress." + n, "0");
        store.insertBatch(uploading(batchId));
        List<ChunkRecord> chunks = new ArrayList<>();
        for (int i = 0; i < CHUNKS; i++) {
            chunks.add(planned(batchId, i, i == CHUNKS - 1));
        }
        store.putChunks(chunks);
        for (int i = 0; i < CHUNKS; i++) {
            store.markChunkPosting(batchId, i);
            store.markChunkPosted(batchId, i, Fixtures.ref(i));
            store.putSetting("progress." + n, Integer.toString(i + 1));
            store.listBatches(BatchQuery.all().page(0, 5));
        }
        store.updateBatch(uploading(batchId).withTotals(100, 50, 1, CHUNKS));
        store.putEntries(batchId, List.of(Fixtures.file("f", 0, 0)));
        store.moveBatch(batchId, BatchState.UPLOADING, BatchState.COMPLETE);
        store.stats();
    }

    private interface Task {
        void run(int n) throws Exception;
    }

    private static void runAll(int count, Task task) throws Exception {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int n = 0; n < count; n++) {
                int i = n;
                futures.add(executor.submit(() -> {
                    task.run(i);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        }
    }
}
