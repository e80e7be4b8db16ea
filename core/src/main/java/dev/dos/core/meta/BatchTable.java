package dev.dos.core.meta;

import static dev.dos.core.meta.SqlColumns.getInstant;
import static dev.dos.core.meta.SqlColumns.setInstant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL over the {@code batches} table. Every method runs inside the caller's transaction. */
final class BatchTable {
    private static final String COLUMNS = "id, name, state, created_at, completed_at, codec, original_bytes,"
            + " stored_bytes, file_count, chunk_count, format_version, key_fingerprint, storage_thread_id,"
            + " index_message_id";

    /** SQL text of the sort keys; each has an index (see V1__init.sql). */
    private static String orderColumn(BatchSort sort) {
        return switch (sort) {
            case CREATED -> "created_at";
            case SIZE -> "original_bytes";
            case NAME -> "name COLLATE NOCASE";
        };
    }

    private BatchTable() {
    }

    static void insert(Connection c, BatchRecord b) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO batches (" + COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, b.id());
            bindAfterId(ps, b, 2);
            ps.executeUpdate();
        }
    }

    /** Returns whether the batch existed. */
    static boolean update(Connection c, BatchRecord b) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE batches SET name = ?, state = ?, created_at = ?,"
                + " completed_at = ?, codec = ?, original_bytes = ?, stored_bytes = ?, file_count = ?,"
                + " chunk_count = ?, format_version = ?, key_fingerprint = ?, storage_thread_id = ?,"
                + " index_message_id = ? WHERE id = ?")) {
            int next = bindAfterId(ps, b, 1);
            ps.setString(next, b.id());
            return ps.executeUpdate() == 1;
        }
    }

    private static int bindAfterId(PreparedStatement ps, BatchRecord b, int first) throws SQLException {
        int i = first;
        ps.setString(i++, b.name());
        ps.setString(i++, b.state().name());
        setInstant(ps, i++, b.createdAt());
        setInstant(ps, i++, b.completedAt());
        ps.setString(i++, b.codec());
        ps.setLong(i++, b.originalBytes());
        ps.setLong(i++, b.storedBytes());
        ps.setLong(i++, b.fileCount());
        ps.setInt(i++, b.chunkCount());
        ps.setInt(i++, b.formatVersion());
        ps.setString(i++, b.keyFingerprint());
        ps.setString(i++, b.storageThreadId());
        ps.setString(i++, b.indexMessageId());
        return i;
    }

    static Optional<BatchRecord> find(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM batches WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet r = ps.executeQuery()) {
                return r.next() ? Optional.of(read(r)) : Optional.empty();
            }
        }
    }

    /**
     * SQL for the integer key of the batch whose id is bound here; child tables name batches by it.
     * Matches no row when the batch does not exist.
     */
    static final String PK_OF_ID = "(SELECT pk FROM batches WHERE id = ?)";

    /** The integer key of a batch, or -1 if there is none with this id. */
    static long pk(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pk FROM batches WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet r = ps.executeQuery()) {
                return r.next() ? r.getLong(1) : -1;
            }
        }
    }

    static long requirePk(Connection c, String id) throws SQLException {
        long pk = pk(c, id);
        if (pk < 0) {
            throw new MetadataException.NotFound("no batch " + id);
        }
        return pk;
    }

    /** Compare-and-set of the state; returns whether the row moved. */
    static boolean move(Connection c, String id, BatchState from, BatchState to, Instant now) throws SQLException {
        String completed = to == BatchState.COMPLETE ? ", completed_at = coalesce(completed_at, ?)" : "";
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE batches SET state = ?" + completed + " WHERE id = ? AND state = ?")) {
            int i = 1;
            ps.setString(i++, to.name());
            if (to == BatchState.COMPLETE) {
                setInstant(ps, i++, now);
            }
            ps.setString(i++, id);
            ps.setString(i, from.name());
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Batches whose id starts with the lowercase hex {@code prefix}, oldest first. Ids are lowercase
     * hex, so they all sort inside [prefix, prefix + "g"), a range the primary key index answers.
     */
    static List<BatchRecord> withIdPrefix(Connection c, String prefix, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM batches"
                + " WHERE id >= ? AND id < ? ORDER BY created_at, id LIMIT ?")) {
            ps.setString(1, prefix);
            ps.setString(2, prefix + "g");
            ps.setInt(3, limit);
            return readAll(ps);
        }
    }

    static long countWithIdPrefix(Connection c, String prefix) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM batches WHERE id >= ? AND id < ?")) {
            ps.setString(1, prefix);
            ps.setString(2, prefix + "g");
            return single(ps);
        }
    }

    static Page<BatchRecord> list(Connection c, BatchQuery q) throws SQLException {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.nameContains() != null && !q.nameContains().isEmpty()) {
            where.append(" AND name LIKE ? ESCAPE '\\'");
            args.add("%" + escapeLike(q.nameContains()) + "%");
        }
        if (!q.states().isEmpty()) {
            where.append(" AND state IN (").append(SqlColumns.placeholders(q.states().size())).append(')');
            q.states().forEach(s -> args.add(s.name()));
        }
        long total;
        if (q.nameContains() == null || q.nameContains().isEmpty()) {
            total = countInStates(c, q.states()); // the maintained totals: no scan, whatever the size
        } else {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM batches" + where)) {
                SqlColumns.bindAll(ps, args);
                total = single(ps);
            }
        }
        if (total == 0) {
            return new Page<>(List.of(), 0, q.offset()); // no uploads to reclaim, say: nothing to scan
        }
        String direction = q.descending() ? " DESC" : " ASC";
        String sql = "SELECT " + COLUMNS + " FROM batches" + where
                + " ORDER BY " + orderColumn(q.sort()) + direction + ", id" + direction + " LIMIT ? OFFSET ?";
        args.add(q.limit());
        args.add(q.offset());
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            SqlColumns.bindAll(ps, args);
            return new Page<>(readAll(ps), total, q.offset());
        }
    }

    static boolean delete(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM batches WHERE id = ?")) {
            ps.setString(1, id);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * How many batches are in one of {@code states} (empty: any state), from the totals the schema's
     * triggers keep in {@code batch_totals} (V2__scale.sql): five rows, whatever the index's size.
     */
    static long countInStates(Connection c, java.util.Set<BatchState> states) throws SQLException {
        String where = states.isEmpty() ? "" : " WHERE state IN (" + SqlColumns.placeholders(states.size()) + ")";
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(sum(batches), 0) FROM batch_totals" + where)) {
            int i = 1;
            for (BatchState state : states) {
                ps.setString(i++, state.name());
            }
            return single(ps);
        }
    }

    /**
     * Totals over all batches, read from the totals the schema's triggers keep per state (one row per
     * state, updated in the same transaction as every batch insert, update and delete); the last verify
     * and backup times come from the caller.
     */
    static StoreStats stats(Connection c, Optional<Instant> lastVerify, Optional<Instant> lastBackup)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(sum(batches), 0), coalesce(sum(files), 0),"
                + " coalesce(sum(stored_bytes), 0), coalesce(sum(original_bytes), 0), coalesce(sum(chunks), 0),"
                + " coalesce(sum(batches) FILTER (WHERE state IN ('UPLOADING', 'INCOMPLETE')), 0),"
                + " coalesce(sum(batches) FILTER (WHERE state = 'DAMAGED'), 0) FROM batch_totals");
             ResultSet r = ps.executeQuery()) {
            r.next();
            return new StoreStats(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5),
                    r.getLong(6), r.getLong(7), lastVerify, lastBackup);
        }
    }

    /** Bucket widths tried in order, in milliseconds: exact times, then a minute, an hour, a day, a week. */
    private static final long[] BUCKET_MILLIS = {1, 60_000L, 3_600_000L, 86_400_000L, 7 * 86_400_000L};
    private static final String COMPLETED = "completed_at IS NOT NULL AND state IN ('COMPLETE', 'DAMAGED')";

    static List<StatsPoint> history(Connection c, int maxPoints) throws SQLException {
        long width = bucketWidth(c, maxPoints);
        List<StatsPoint> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT (completed_at / ?) * ? AS bucket, sum(stored_bytes),"
                + " sum(original_bytes), count(*) FROM batches WHERE " + COMPLETED + " GROUP BY bucket ORDER BY bucket")) {
            ps.setLong(1, width);
            ps.setLong(2, width);
            try (ResultSet r = ps.executeQuery()) {
                long stored = 0;
                long original = 0;
                long batches = 0;
                while (r.next()) {
                    stored += r.getLong(2);
                    original += r.getLong(3);
                    batches += r.getLong(4);
                    out.add(new StatsPoint(Instant.ofEpochMilli(r.getLong(1)), stored, original, batches));
                }
            }
        }
        return out;
    }

    /** The narrowest width from {@link #BUCKET_MILLIS} giving at most {@code maxPoints} buckets; else span / maxPoints. */
    private static long bucketWidth(Connection c, int maxPoints) throws SQLException {
        for (long width : BUCKET_MILLIS) {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(DISTINCT completed_at / ?) FROM batches WHERE "
                    + COMPLETED)) {
                ps.setLong(1, width);
                if (single(ps) <= maxPoints) {
                    return width;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT max(completed_at) - min(completed_at) FROM batches WHERE "
                + COMPLETED)) {
            long span = single(ps);
            // One more than span / maxPoints: (span / width) + 1 buckets never exceed maxPoints.
            return Math.max(BUCKET_MILLIS[BUCKET_MILLIS.length - 1], span / (maxPoints - 1) + 1);
        }
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static long single(PreparedStatement ps) throws SQLException {
        try (ResultSet r = ps.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    private static List<BatchRecord> readAll(PreparedStatement ps) throws SQLException {
        List<BatchRecord> out = new ArrayList<>();
        try (ResultSet r = ps.executeQuery()) {
            while (r.next()) {
                out.add(read(r));
            }
        }
        return out;
    }

    private static BatchRecord read(ResultSet r) throws SQLException {
        return new BatchRecord(r.getString("id"), r.getString("name"), BatchState.valueOf(r.getString("state")),
                getInstant(r, "created_at"), getInstant(r, "completed_at"), r.getString("codec"),
                r.getLong("original_bytes"), r.getLong("stored_bytes"), r.getLong("file_count"),
                r.getInt("chunk_count"), r.getInt("format_version"), r.getString("key_fingerprint"),
                r.getString("storage_thread_id"), r.getString("index_message_id"));
    }
}
