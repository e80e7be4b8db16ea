package dev.dos.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Watches the metadata database of another process, read-only, to pick the moment to kill it:
 * the upload journal says exactly how far an upload has got (batch created, chunk POSTING,
 * n chunks POSTED, manifest saved, state DELETING).
 */
final class JournalWatch implements AutoCloseable {
    /** What the journal says right now. */
    record Progress(String batchId, String state, String threadId, boolean sourceSaved, int posting, int posted,
                    boolean lastPosted, boolean manifestSaved) {
        static final Progress NONE = new Progress(null, null, null, false, 0, 0, false, false);
    }

    private final Path database;
    private final boolean readOnly;
    private Connection connection;

    JournalWatch(Path database) {
        this(database, true);
    }

    private JournalWatch(Path database, boolean readOnly) {
        this.database = database;
        this.readOnly = readOnly;
    }

    /**
     * The journal a killed process left, as the next dos will find it. A process killed inside a
     * commit can leave that transaction complete in the WAL but not yet in the shared WAL index
     * that a watching read-only connection follows; the next connection to open the database
     * alone rebuilds the index from the WAL and sees it. So: close the watch (any open connection
     * keeps the stale index alive), then read through a fresh read-write connection.
     */
    static Progress afterKill(JournalWatch watch) throws SQLException {
        watch.close();
        try (JournalWatch fresh = new JournalWatch(watch.database, false)) {
            return fresh.now();
        }
    }

    /**
     * The number in the first column of the first row of {@code sql} (a count, say), or -1 while the
     * database cannot answer (not created yet, schema in progress, locked).
     */
    long number(String sql) {
        try {
            if (!connect()) {
                return -1;
            }
            try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
                return r.next() ? r.getLong(1) : -1;
            }
        } catch (SQLException e) {
            return -1;
        }
    }

    private boolean connect() throws SQLException {
        if (connection == null) {
            if (!Files.exists(database)) {
                return false;
            }
            connection = DriverManager.getConnection("jdbc:sqlite:file:" + database + (readOnly ? "?mode=ro" : ""));
            connection.createStatement().execute("PRAGMA busy_timeout = 2000");
        }
        return true;
    }

    Progress now() {
        try {
            if (!connect()) {
                return Progress.NONE;
            }
            try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(
                    "SELECT b.id, b.state, b.storage_thread_id,"
                            + " EXISTS (SELECT 1 FROM batch_sources s WHERE s.batch = b.pk),"
                            + " (SELECT count(*) FROM chunks c WHERE c.batch = b.pk AND c.state = 'POSTING'),"
                            + " (SELECT count(*) FROM chunks c WHERE c.batch = b.pk AND c.state = 'POSTED'),"
                            + " EXISTS (SELECT 1 FROM chunks c WHERE c.batch = b.pk AND c.state = 'POSTED' AND c.last = 1),"
                            + " EXISTS (SELECT 1 FROM batch_manifests m WHERE m.batch = b.pk)"
                            + " FROM batches b ORDER BY b.created_at DESC LIMIT 1")) {
                if (!r.next()) {
                    return Progress.NONE;
                }
                return new Progress(r.getString(1), r.getString(2), r.getString(3), r.getBoolean(4), r.getInt(5),
                        r.getInt(6), r.getBoolean(7), r.getBoolean(8));
            }
        } catch (SQLException e) {
            return Progress.NONE; // the schema is being created, or the writer holds a lock: look again
        }
    }

    /**
     * Polls until {@code condition} holds (returns that progress), or until {@code process} exits or
     * {@code timeout} passes (returns null).
     */
    Progress await(Process process, Predicate<Progress> condition, Duration timeout) throws InterruptedException {
        return await(process::isAlive, condition, timeout);
    }

    /** As above, for work running in this JVM while {@code running} says so. */
    Progress await(BooleanSupplier running, Predicate<Progress> condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && running.getAsBoolean()) {
            Progress p = now();
            if (condition.test(p)) {
                return p;
            }
            Thread.sleep(1);
        }
        return null;
    }

    @Override
    public void close() throws SQLException {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
