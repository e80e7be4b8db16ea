package dev.dos.core.meta;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Brings a database file to the schema this code expects, by running the scripts
 * {@code V<n>__<what>.sql} next to this class in order. The file's version is PRAGMA user_version
 * (the number of scripts applied); PRAGMA application_id marks the file as a dos index so a foreign
 * SQLite file is refused rather than altered.
 *
 * <p>Each script runs in its own write transaction together with the version bump, so a crash leaves
 * the file at the old or the new version, never between. Two processes opening a fresh file at once
 * are serialized by the write lock; the second finds the version already bumped and does nothing.
 *
 * <p>A script, once released, never changes: a schema change is a new script.
 */
final class SchemaMigrator {

    /** "dos1" in ASCII. */
    static final int APPLICATION_ID = 0x646f7331;

    /** In order; script n (from 1) brings the schema from version n-1 to n. */
    private static final List<String> SCRIPTS = List.of("V1__init.sql", "V2__scale.sql");

    static final int LATEST_VERSION = SCRIPTS.size();

    private SchemaMigrator() {
    }

    /**
     * Refuses a file that is not a dos index or is newer than this code, without changing it;
     * otherwise returns its schema version.
     */
    static int checkUsable(SqliteDatabase db) {
        return db.read("checking the schema of " + db.file(), c -> checkUsable(c, db.file()));
    }

    /** Migrates a database that passed {@link #checkUsable} from {@code fromVersion} to {@link #LATEST_VERSION}. */
    static void migrate(SqliteDatabase db, int fromVersion) {
        for (int version = fromVersion + 1; version <= LATEST_VERSION; version++) {
            int target = version;
            String script = load(SCRIPTS.get(target - 1));
            db.write("migrating " + db.file() + " to schema version " + target, c -> {
                // Another process may have migrated since we looked.
                if (userVersion(c) < target) {
                    try (Statement s = c.createStatement()) {
                        s.executeUpdate(script);
                        s.executeUpdate("PRAGMA user_version = " + target);
                        s.executeUpdate("PRAGMA application_id = " + APPLICATION_ID);
                    }
                }
                return null;
            });
        }
    }

    static int userVersion(Connection c) throws SQLException {
        return pragmaInt(c, "user_version");
    }

    private static int checkUsable(Connection c, Path file) throws SQLException {
        int version = userVersion(c);
        int applicationId = pragmaInt(c, "application_id");
        if (version > LATEST_VERSION) {
            throw new MetadataException.UnsupportedSchema("metadata database " + file + " has schema version "
                    + version + ", newer than this dos understands (" + LATEST_VERSION + "); use a newer dos");
        }
        boolean fresh = version == 0 && applicationId == 0 && isEmpty(c);
        if (!fresh && applicationId != APPLICATION_ID) {
            throw new MetadataException.UnsupportedSchema(file + " is an SQLite database, but not a dos metadata database");
        }
        return version;
    }

    private static boolean isEmpty(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM sqlite_schema")) {
            return r.next() && r.getLong(1) == 0;
        }
    }

    private static int pragmaInt(Connection c, String pragma) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA " + pragma)) {
            return r.next() ? r.getInt(1) : 0;
        }
    }

    private static String load(String name) {
        try (InputStream in = SchemaMigrator.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("migration script missing from the build: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration script " + name, e);
        }
    }
}
