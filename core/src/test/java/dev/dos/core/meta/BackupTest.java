package dev.dos.core.meta;

import static dev.dos.core.meta.Fixtures.T0;
import static dev.dos.core.meta.Fixtures.batch;
import static dev.dos.core.meta.Fixtures.id;
import static dev.dos.core.meta.Fixtures.planned;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupTest {
    static final int CHUNKS_PER_BATCH = 7;

    @TempDir
    Path dir;

    @Test
    void aBackupOpensAsAStoreWithTheSameContent() {
        Path backup = dir.resolve("backups/metadata-copy.db");
        try (SqliteMetadataStore store = SqliteMetadataStore.open(dir.resolve("metadata.db"))) {
            store.insertBatch(batch(id(1), "one", T0, 10));
            store.putEntries(id(1), List.of(Fixtures.file("a.txt", 0, 0)));
            store.putSetting("k", "v");
            store.backupTo(backup);
        }
        try (SqliteMetadataStore copy = SqliteMetadataStore.open(backup)) {
            assertThat(copy.schemaVersion()).isEqualTo(SqliteMetadataStore.SCHEMA_VERSION);
            assertThat(copy.batch(id(1))).contains(batch(id(1), "one", T0, 10));
            assertThat(copy.entries(id(1), null)).extracting(e -> e.path()).containsExactly("a.txt");
            assertThat(copy.setting("k")).contains("v");
        }
    }

    @Test
    void aBackupReplacesTheTargetAndIsOwnerOnly() throws Exception {
        Path backup = dir.resolve("backup.db");
        Files.writeString(backup, "an older backup");
        try (SqliteMetadataStore store = SqliteMetadataStore.open(dir.resolve("metadata.db"))) {
            store.putSetting("k", "new");
            store.backupTo(backup);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup))).isEqualTo("rw-------");
        try (SqliteMetadataStore copy = SqliteMetadataStore.open(backup)) {
            assertThat(copy.setting("k")).contains("new");
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void aBackupNeitherWaitsForNorIncludesAnUncommittedWrite() throws Exception {
        Path file = dir.resolve("metadata.db");
        Path backup = dir.resolve("backup.db");
        try (SqliteMetadataStore store = SqliteMetadataStore.open(file);
             Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = other.createStatement()) {
            store.putSetting("committed", "yes");
            s.execute("BEGIN IMMEDIATE");
            s.execute("INSERT INTO settings (key, value) VALUES ('uncommitted', 'no')");

            store.backupTo(backup);

            s.execute("COMMIT");
        }
        try (SqliteMetadataStore copy = SqliteMetadataStore.open(backup)) {
            assertThat(copy.setting("committed")).contains("yes");
            assertThat(copy.setting("uncommitted")).isEmpty();
        }
    }

    /**
     * Another store on the same file (as the web dashboard would be, in another process) keeps
     * importing batches, each with its chunks in one transaction. Every backup taken meanwhile must
     * hold whole batches only, and at least the batches committed before it started.
     */
    @Test
    void backupsTakenWhileAnotherConnectionWritesAreConsistent() throws Exception {
        Path file = dir.resolve("metadata.db");
        List<Path> backups = new ArrayList<>();
        List<Integer> committedBefore = new ArrayList<>();
        AtomicInteger committed = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        try (SqliteMetadataStore store = SqliteMetadataStore.open(file);
             SqliteMetadataStore writerStore = SqliteMetadataStore.open(file);
             ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> writer = executor.submit(() -> {
                for (int n = 0; !stop.get(); n++) {
                    writerStore.importBatch(snapshot(n));
                    committed.incrementAndGet();
                }
                return null;
            });
            while (committed.get() < 20) {
                Thread.onSpinWait();
            }
            for (int i = 0; i < 5; i++) {
                Path backup = dir.resolve("backup-" + i + ".db");
                committedBefore.add(committed.get());
                store.backupTo(backup);
                backups.add(backup);
            }
            stop.set(true);
            writer.get(60, TimeUnit.SECONDS);
        }

        for (int i = 0; i < backups.size(); i++) {
            try (SqliteMetadataStore copy = SqliteMetadataStore.open(backups.get(i))) {
                Page<BatchRecord> all = copy.listBatches(BatchQuery.all().page(0, 100_000));
                assertThat(all.total()).isGreaterThanOrEqualTo(committedBefore.get(i));
                for (BatchRecord b : all.items()) {
                    assertThat(copy.chunks(b.id())).as("chunks of " + b.id()).hasSize(CHUNKS_PER_BATCH);
                    assertThat(copy.entries(b.id(), null)).hasSize(1);
                }
            }
        }
    }

    private static BatchSnapshot snapshot(int n) {
        String batchId = id(n);
        List<ChunkRecord> chunks = new ArrayList<>();
        for (int i = 0; i < CHUNKS_PER_BATCH; i++) {
            chunks.add(planned(batchId, i, i == CHUNKS_PER_BATCH - 1));
        }
        return new BatchSnapshot(batch(batchId, "batch " + n, T0.plusSeconds(n), 100), chunks, new byte[] {1},
                List.of(Fixtures.file("f" + n, 0, 0)));
    }
}
