package dev.dos.core.meta;

import static dev.dos.core.meta.Fixtures.T0;
import static dev.dos.core.meta.Fixtures.batch;
import static dev.dos.core.meta.Fixtures.id;
import static dev.dos.core.meta.Fixtures.planned;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stats} and the count of {@code list} read totals the schema keeps per state (V2__scale.sql),
 * not sums over every batch: they must stay exactly what a sum over every row gives, through every
 * way a batch row changes, and an index migrated from schema 1 must start from the right totals.
 */
class MaintainedTotalsTest {
    @TempDir
    Path dir;

    @Test
    void theTotalsEqualASumOverEveryRowThroughEveryKindOfChange() {
        try (SqliteMetadataStore store = SqliteMetadataStore.open(dir.resolve("metadata.db"))) {
            Random random = new Random(17);
            for (int step = 0; step < 400; step++) {
                String id = id(1 + random.nextInt(40));
                Optional<BatchRecord> now = store.batch(id);
                switch (random.nextInt(7)) {
                    case 0 -> {
                        if (now.isEmpty()) {
                            store.insertBatch(batch(id, "b", T0.plusSeconds(step), random.nextInt(1_000_000)));
                        }
                    }
                    case 1 -> now.ifPresent(b -> store.updateBatch(b.withTotals(random.nextInt(9_000_000),
                            random.nextInt(5_000_000), random.nextInt(1000), random.nextInt(50))));
                    case 2 -> now.ifPresent(b -> {
                        BatchState next = b.state() == BatchState.COMPLETE ? BatchState.DAMAGED : BatchState.COMPLETE;
                        if (b.state().canMoveTo(next)) {
                            store.moveBatch(id, b.state(), next);
                        }
                    });
                    case 3 -> store.deleteBatch(id);
                    case 4 -> store.importBatch(new BatchSnapshot(
                            batch(id, "imported", T0, random.nextInt(1_000_000)).withState(randomState(random)),
                            List.of(planned(id, 0, true)), new byte[] {1}, List.of(), List.of("lane-1")));
                    case 5 -> store.importBatches(List.of(new BatchSnapshot(batch(id, "page", T0, 77), List.of(),
                            null, List.of())), random.nextBoolean() ? List.of(id(1 + random.nextInt(40))) : List.of());
                    default -> now.ifPresent(b -> store.updateBatch(b.withState(randomState(random))));
                }
                if (step % 20 == 0) {
                    assertTotalsMatchTheRows(store);
                }
            }
            assertTotalsMatchTheRows(store);
        }
    }

    @Test
    void anIndexOfSchema1IsMigratedWithItsTotalsComputedOnceAndItsChunksKept() throws Exception {
        Path file = dir.resolve("old.db");
        // A schema 1 index, as the previous release wrote it.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            String v1 = new String(SchemaMigrator.class.getResourceAsStream("V1__init.sql").readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
            s.executeUpdate(v1);
            s.executeUpdate("PRAGMA user_version = 1");
            s.executeUpdate("PRAGMA application_id = " + SchemaMigrator.APPLICATION_ID);
            for (int i = 1; i <= 30; i++) {
                String state = i % 5 == 0 ? "DAMAGED" : i % 7 == 0 ? "INCOMPLETE" : "COMPLETE";
                s.executeUpdate("INSERT INTO batches (id, name, state, created_at, codec, original_bytes, stored_bytes,"
                        + " file_count, chunk_count, format_version) VALUES ('" + id(i) + "', 'b" + i + "', '" + state
                        + "', 0, 'zstd', " + (i * 1000) + ", " + (i * 400) + ", " + i + ", 2, 1)");
                s.executeUpdate("INSERT INTO chunks (batch, idx, size, sha256, plain_size, state, thread_id, message_id,"
                        + " attachment_id, last) VALUES (" + i + ", 0, 10, '" + Fixtures.sha(i) + "', 9, 'POSTED', 't',"
                        + " 'm" + i + "', 'a" + i + "', 1)");
            }
        }

        try (SqliteMetadataStore store = SqliteMetadataStore.open(file)) {
            assertThat(store.schemaVersion()).isEqualTo(SqliteMetadataStore.SCHEMA_VERSION);
            assertTotalsMatchTheRows(store);
            assertThat(store.stats().batches()).isEqualTo(30);
            assertThat(store.stats().damagedBatches()).isEqualTo(6);
            assertThat(store.chunks(id(7))).singleElement().satisfies(c -> {
                assertThat(c.state()).isEqualTo(ChunkState.POSTED);
                assertThat(c.remote().postId()).isEqualTo("m7");
            });
            store.deleteBatch(id(7));
            assertTotalsMatchTheRows(store);
            assertThat(store.listBatches(BatchQuery.all().inStates(Set.of(BatchState.INCOMPLETE))).total())
                    .isEqualTo(3);
        }
    }

    private static BatchState randomState(Random random) {
        return BatchState.values()[random.nextInt(BatchState.values().length)];
    }

    /** The maintained totals against sums over every row, and the counts {@code list} shows. */
    private static void assertTotalsMatchTheRows(SqliteMetadataStore store) {
        List<BatchRecord> all = store.listBatches(BatchQuery.all().page(0, 10_000)).items();
        StoreStats stats = store.stats();
        assertThat(stats.batches()).isEqualTo(all.size());
        assertThat(stats.files()).isEqualTo(all.stream().mapToLong(BatchRecord::fileCount).sum());
        assertThat(stats.storedBytes()).isEqualTo(all.stream().mapToLong(BatchRecord::storedBytes).sum());
        assertThat(stats.originalBytes()).isEqualTo(all.stream().mapToLong(BatchRecord::originalBytes).sum());
        assertThat(stats.chunks()).isEqualTo(all.stream().mapToLong(BatchRecord::chunkCount).sum());
        assertThat(stats.incompleteUploads()).isEqualTo(all.stream()
                .filter(b -> b.state() == BatchState.UPLOADING || b.state() == BatchState.INCOMPLETE).count());
        assertThat(stats.damagedBatches()).isEqualTo(all.stream().filter(b -> b.state() == BatchState.DAMAGED).count());
        assertThat(store.listBatches(BatchQuery.all()).total()).isEqualTo(all.size());
        for (BatchState state : BatchState.values()) {
            assertThat(store.listBatches(BatchQuery.all().inStates(Set.of(state))).total())
                    .as("batches %s", state).isEqualTo(all.stream().filter(b -> b.state() == state).count());
        }
        assertThat(store.listBatches(BatchQuery.all().nameContaining("b")).total())
                .isEqualTo(all.stream().filter(b -> b.name().toLowerCase().contains("b")).count());
    }
}
