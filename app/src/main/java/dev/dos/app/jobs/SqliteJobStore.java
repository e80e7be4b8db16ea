package dev.dos.app.jobs;

import dev.dos.core.meta.MetadataException;
import dev.dos.core.meta.MetadataStore;
import dev.dos.core.meta.SharedDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@link JobStore} over the {@code jobs} table of the metadata database file, in the store's own
 * transactions ({@link MetadataStore#database()}): one file, one WAL, and jobs go into backups of
 * the file with everything else. The table's schema is among the file's ordered migrations.
 * Times are epoch milliseconds, as in the rest of the file.
 */
public final class SqliteJobStore implements JobStore {
    private static final String COLUMNS =
            "id, kind, state, done_bytes, total_bytes, message, batch_id, params_json, created_at, updated_at";
    private static final String NOT_FINAL = "state IN ('QUEUED', 'RUNNING')";

    private final SharedDatabase db;
    private final Clock clock;

    private SqliteJobStore(SharedDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The jobs in the file of {@code metadata}, timed by the system clock. */
    public static SqliteJobStore in(MetadataStore metadata) {
        return in(metadata, Clock.systemUTC());
    }

    /** The jobs in the file of {@code metadata}, with created and updated times from {@code clock}. */
    public static SqliteJobStore in(MetadataStore metadata, Clock clock) {
        return new SqliteJobStore(metadata.database(), clock);
    }

    @Override
    public JobRecord createJob(JobKind kind, String batchId, String paramsJson) {
        Objects.requireNonNull(kind, "kind");
        return db.write("creating a " + kind + " job", c ->
                require(c, insert(c, kind, batchId, paramsJson, clock.instant())));
    }

    @Override
    public Optional<JobRecord> job(long id) {
        return db.read("reading job " + id, c -> find(c, id));
    }

    @Override
    public List<JobRecord> listJobs(Set<JobState> states, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1: " + limit);
        }
        return db.read("listing jobs", c -> list(c, states, limit));
    }

    @Override
    public boolean moveJob(long id, JobState from, JobState to, String message) {
        if (!from.canMoveTo(to)) {
            throw new IllegalArgumentException("a job cannot move from " + from + " to " + to);
        }
        return db.write("moving job " + id + " to " + to, c -> {
            require(c, id);
            return move(c, id, from, to, message, clock.instant());
        });
    }

    @Override
    public boolean updateJobProgress(long id, long doneBytes, long totalBytes, String message) {
        if (doneBytes < 0 || totalBytes < 0) {
            throw new IllegalArgumentException("negative progress for job " + id);
        }
        return db.write("recording progress of job " + id, c -> {
            require(c, id);
            return progress(c, id, doneBytes, totalBytes, message, clock.instant());
        });
    }

    @Override
    public void setJobBatch(long id, String batchId) {
        db.write("linking job " + id + " to batch " + batchId, c -> {
            if (!setBatch(c, id, batchId, clock.instant())) {
                throw new MetadataException.NotFound("no job " + id);
            }
            return null;
        });
    }

    @Override
    public int failStaleJobs(Instant staleBefore, String message) {
        return db.write("failing stale jobs", c -> failStale(c, staleBefore, message, clock.instant()));
    }

    @Override
    public boolean deleteJob(long id) {
        return db.write("deleting job " + id, c -> delete(c, id));
    }

    // ---- SQL, inside the caller's transaction -------------------------------------------------

    private static long insert(Connection c, JobKind kind, String batchId, String paramsJson, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO jobs (kind, state, done_bytes, total_bytes,"
                + " batch_id, params_json, created_at, updated_at) VALUES (?, 'QUEUED', 0, 0, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, kind.name());
            ps.setString(2, batchId);
            ps.setString(3, paramsJson);
            setInstant(ps, 4, now);
            setInstant(ps, 5, now);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static Optional<JobRecord> find(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM jobs WHERE id = ?")) {
            ps.setLong(1, id);
            List<JobRecord> found = readAll(ps);
            return found.stream().findFirst();
        }
    }

    private static JobRecord require(Connection c, long id) throws SQLException {
        return find(c, id).orElseThrow(() -> new MetadataException.NotFound("no job " + id));
    }

    private static List<JobRecord> list(Connection c, Set<JobState> states, int limit) throws SQLException {
        String where = states.isEmpty() ? "" : " WHERE state IN (" + String.join(", ", Collections.nCopies(states.size(), "?")) + ")";
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM jobs" + where + " ORDER BY id DESC LIMIT ?")) {
            int i = 1;
            for (JobState s : states) {
                ps.setString(i++, s.name());
            }
            ps.setInt(i, limit);
            return readAll(ps);
        }
    }

    /** Compare-and-set of the state; a null message keeps the current one. */
    private static boolean move(Connection c, long id, JobState from, JobState to, String message, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET state = ?, message = coalesce(?, message),"
                + " updated_at = ? WHERE id = ? AND state = ?")) {
            ps.setString(1, to.name());
            ps.setString(2, message);
            setInstant(ps, 3, now);
            ps.setLong(4, id);
            ps.setString(5, from.name());
            return ps.executeUpdate() == 1;
        }
    }

    /** Returns whether the job was not final (and so took the progress). */
    private static boolean progress(Connection c, long id, long done, long total, String message, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET done_bytes = ?, total_bytes = ?,"
                + " message = coalesce(?, message), updated_at = ? WHERE id = ? AND " + NOT_FINAL)) {
            ps.setLong(1, done);
            ps.setLong(2, total);
            ps.setString(3, message);
            setInstant(ps, 4, now);
            ps.setLong(5, id);
            return ps.executeUpdate() == 1;
        }
    }

    private static boolean setBatch(Connection c, long id, String batchId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET batch_id = ?, updated_at = ? WHERE id = ?")) {
            ps.setString(1, batchId);
            setInstant(ps, 2, now);
            ps.setLong(3, id);
            return ps.executeUpdate() == 1;
        }
    }

    private static int failStale(Connection c, Instant staleBefore, String message, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET state = 'FAILED', message = ?,"
                + " updated_at = ? WHERE " + NOT_FINAL + " AND updated_at < ?")) {
            ps.setString(1, message);
            setInstant(ps, 2, now);
            setInstant(ps, 3, staleBefore);
            return ps.executeUpdate();
        }
    }

    private static boolean delete(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM jobs WHERE id = ?")) {
            ps.setLong(1, id);
            return ps.executeUpdate() == 1;
        }
    }

    private static List<JobRecord> readAll(PreparedStatement ps) throws SQLException {
        List<JobRecord> out = new ArrayList<>();
        try (ResultSet r = ps.executeQuery()) {
            while (r.next()) {
                out.add(new JobRecord(r.getLong("id"), JobKind.valueOf(r.getString("kind")),
                        JobState.valueOf(r.getString("state")), r.getLong("done_bytes"), r.getLong("total_bytes"),
                        r.getString("message"), r.getString("batch_id"), r.getString("params_json"),
                        getInstant(r, "created_at"), getInstant(r, "updated_at")));
            }
        }
        return out;
    }

    private static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setLong(index, value.toEpochMilli());
        }
    }

    private static Instant getInstant(ResultSet r, String column) throws SQLException {
        long millis = r.getLong(column);
        return r.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
