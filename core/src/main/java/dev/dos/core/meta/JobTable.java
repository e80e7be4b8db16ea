package dev.dos.core.meta;

import static dev.dos.core.meta.SqlColumns.getInstant;
import static dev.dos.core.meta.SqlColumns.setInstant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** SQL over the {@code jobs} table. Runs inside the caller's transaction. */
final class JobTable {
    private static final String COLUMNS =
            "id, kind, state, done_bytes, total_bytes, message, batch_id, params_json, created_at, updated_at";
    private static final String NOT_FINAL = "state IN ('QUEUED', 'RUNNING')";

    private JobTable() {
    }

    static long insert(Connection c, JobKind kind, String batchId, String paramsJson, Instant now)
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

    static Optional<JobRecord> find(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM jobs WHERE id = ?")) {
            ps.setLong(1, id);
            List<JobRecord> found = readAll(ps);
            return found.stream().findFirst();
        }
    }

    static JobRecord require(Connection c, long id) throws SQLException {
        return find(c, id).orElseThrow(() -> new MetadataException.NotFound("no job " + id));
    }

    static List<JobRecord> list(Connection c, Set<JobState> states, int limit) throws SQLException {
        String where = states.isEmpty() ? "" : " WHERE state IN (" + SqlColumns.placeholders(states.size()) + ")";
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
    static boolean move(Connection c, long id, JobState from, JobState to, String message, Instant now)
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
    static boolean progress(Connection c, long id, long done, long total, String message, Instant now)
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

    static boolean setBatch(Connection c, long id, String batchId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET batch_id = ?, updated_at = ? WHERE id = ?")) {
            ps.setString(1, batchId);
            setInstant(ps, 2, now);
            ps.setLong(3, id);
            return ps.executeUpdate() == 1;
        }
    }

    static int failStale(Connection c, Instant staleBefore, String message, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET state = 'FAILED', message = ?,"
                + " updated_at = ? WHERE " + NOT_FINAL + " AND updated_at < ?")) {
            ps.setString(1, message);
            setInstant(ps, 2, now);
            setInstant(ps, 3, staleBefore);
            return ps.executeUpdate();
        }
    }

    static boolean delete(Connection c, long id) throws SQLException {
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
}
