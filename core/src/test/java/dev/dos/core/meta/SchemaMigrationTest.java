package dev.dos.core.meta;

import static dev.dos.core.meta.Fixtures.T0;
import static dev.dos.core.meta.Fixtures.batch;
import static dev.dos.core.meta.Fixtures.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaMigrationTest {
    @TempDir
    Path dir;

    @Test
    void freshFileIsMigratedToTheLatestVersionInWalModeWithForeignKeys() throws Exception {
        Path file = dir.resolve("sub/dir/metadata.db");
        try (SqliteMetadataStore store = SqliteMetadataStore.open(file)) {
            assertThat(store.schemaVersion()).isEqualTo(SqliteMetadataStore.SCHEMA_VERSION).isPositive();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            assertThat(query(c, "PRAGMA journal_mode")).containsExactly("wal");
            assertThat(query(c, "PRAGMA application_id")).containsExactly(String.valueOf(SchemaMigrator.APPLICATION_ID));
            assertThat(query(c, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"))
                    .containsExactly("batch_lanes", "batch_manifests", "batch_sources", "batch_totals", "batches", "chunks",
                            "entries", "jobs", "settings");
            assertThat(query(c, "SELECT name FROM sqlite_schema WHERE type = 'index' AND name NOT LIKE 'sqlite_%'"))
                    .contains("batches_by_created", "batches_by_size", "batches_by_name", "entries_by_batch_path",
                            "entries_by_path", "chunks_one_last_per_batch");
        }
    }

    @Test
    void newFileIsReadableByItsOwnerOnly() throws Exception {
        Path file = dir.resolve("metadata.db");
        SqliteMetadataStore.open(file).close();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void foreignKeysAreEnforcedOnStoreConnections() {
        Path file = dir.resolve("metadata.db");
        try (SqliteMetadataStore store = SqliteMetadataStore.open(file)) {
            store.insertBatch(batch(id(1), "a", T0, 10));
            store.saveManifest(id(1), new byte[] {1});
            store.deleteBatch(id(1));
            // Only ON DELETE CASCADE under foreign_keys = ON removes the manifest row.
            store.insertBatch(batch(id(1), "a", T0, 10));
            assertThat(store.manifest(id(1))).isEmpty();
        }
    }

    @Test
    void reopeningKeepsDataAndDoesNotMigrateAgain() {
        Path file = dir.resolve("metadata.db");
        try (SqliteMetadataStore store = SqliteMetadataStore.open(file)) {
            store.insertBatch(batch(id(1), "kept", T0, 10));
        }
        try (SqliteMetadataStore store = SqliteMetadataStore.open(file)) {
            assertThat(store.batch(id(1))).map(BatchRecord::name).contains("kept");
            assertThat(store.schemaVersion()).isEqualTo(SqliteMetadataStore.SCHEMA_VERSION);
        }
    }

    @Test
    void aDatabaseFromANewerDosIsRefusedAndLeftUntouched() throws Exception {
        Path file = dir.resolve("metadata.db");
        SqliteMetadataStore.open(file).close();
        int newer = SqliteMetadataStore.SCHEMA_VERSION + 1;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = " + newer);
        }

        assertThatThrownBy(() -> SqliteMetadataStore.open(file))
                .isInstanceOf(MetadataException.UnsupportedSchema.class)
                .hasMessageContaining("schema version " + newer)
                .hasMessageContaining("newer");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            assertThat(query(c, "PRAGMA user_version")).containsExactly(String.valueOf(newer));
        }
    }

    @Test
    void aForeignSqliteFileIsRefusedAndLeftUntouched() throws Exception {
        Path file = dir.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE notes (text TEXT)");
        }

        assertThatThrownBy(() -> SqliteMetadataStore.open(file))
                .isInstanceOf(MetadataException.UnsupportedSchema.class)
                .hasMessageContaining("not a dos metadata database");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            assertThat(query(c, "SELECT name FROM sqlite_schema")).containsExactly("notes");
            assertThat(query(c, "PRAGMA journal_mode")).containsExactly("delete");
        }
    }

    @Test
    void aFileThatIsNotSqliteAtAllFailsWithAMetadataException() throws Exception {
        Path file = dir.resolve("garbage.db");
        Files.write(file, "this is not a database, just some text that is long enough".repeat(100).getBytes());
        assertThatThrownBy(() -> SqliteMetadataStore.open(file)).isInstanceOf(MetadataException.class);
    }

    @Test
    void callsAfterCloseAreRefused() {
        SqliteMetadataStore store = SqliteMetadataStore.open(dir.resolve("metadata.db"));
        store.close();
        assertThatThrownBy(() -> store.batch(id(1))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.putSetting("k", "v")).isInstanceOf(IllegalStateException.class);
    }

    private static List<String> query(Connection c, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                rows.add(r.getString(1));
            }
        }
        return rows;
    }
}
