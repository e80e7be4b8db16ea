package dev.dos.core.meta;

import dev.dos.core.format.EntryType;
import dev.dos.core.format.ManifestEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * SQL over the {@code entries} table. Runs inside the caller's transaction. Batches are named by
 * their integer key ({@link BatchTable#pk}).
 *
 * <p>"At or under prefix p" is answered with one index range: every path starting with p sorts in
 * [p, p + "0") because '0' follows '/' in code point order (the BINARY collation compares UTF-8
 * bytes, which keeps that order); a residual test keeps p itself and p + "/..." but drops siblings
 * such as p + ".txt".
 */
final class EntryTable {
    private static final String COLUMNS =
            "path, type, size, mode, mtime, sha256, link_target, chunk_index, chunk_offset";
    private static final String SELECTED =
            "e.path, e.type, e.size, e.mode, e.mtime, e.sha256, e.link_target, e.chunk_index, e.chunk_offset";
    private static final String UNDER = "e.path >= ? AND e.path < ? AND (e.path = ? OR e.path >= ?)";

    private EntryTable() {
    }

    /** Deletes the batch's entries, then inserts these with their position as ordinal. */
    static void replace(Connection c, long batchPk, Iterable<ManifestEntry> entries) throws SQLException {
        deleteOfBatch(c, batchPk);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO entries (batch, ordinal, " + COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            long ordinal = 0;
            for (ManifestEntry e : entries) {
                ps.setLong(1, batchPk);
                ps.setLong(2, ordinal++);
                ps.setString(3, e.path());
                ps.setString(4, e.type().name());
                ps.setLong(5, e.size());
                ps.setInt(6, e.mode());
                ps.setLong(7, e.mtimeMillis());
                ps.setString(8, e.sha256());
                ps.setString(9, e.linkTarget());
                ps.setInt(10, e.chunkIndex());
                ps.setLong(11, e.offset());
                ps.executeUpdate();
            }
        }
    }

    static void deleteOfBatch(Connection c, long batchPk) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM entries WHERE batch = ?")) {
            ps.setLong(1, batchPk);
            ps.executeUpdate();
        }
    }

    static void forEach(Connection c, String batchId, String pathPrefix, Consumer<? super ManifestEntry> action)
            throws SQLException {
        String prefix = normalize(pathPrefix);
        String sql = "SELECT " + SELECTED + " FROM entries e WHERE e.batch = " + BatchTable.PK_OF_ID
                + (prefix.isEmpty() ? "" : " AND " + UNDER) + " ORDER BY e.ordinal";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, batchId);
            if (!prefix.isEmpty()) {
                bindUnder(ps, 2, prefix);
            }
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    action.accept(read(r));
                }
            }
        }
    }

    static List<EntryLocation> find(Connection c, String pathPrefix, int limit) throws SQLException {
        String prefix = normalize(pathPrefix);
        String sql = "SELECT b.id AS batch_id, " + SELECTED + " FROM entries e JOIN batches b ON b.pk = e.batch"
                + (prefix.isEmpty() ? "" : " WHERE " + UNDER) + " ORDER BY e.path, e.batch LIMIT ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int next = prefix.isEmpty() ? 1 : bindUnder(ps, 1, prefix);
            ps.setInt(next, limit);
            List<EntryLocation> out = new ArrayList<>();
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    out.add(new EntryLocation(r.getString("batch_id"), read(r)));
                }
            }
            return out;
        }
    }

    /** Null and "" mean "everything"; a trailing slash names the same directory as none. */
    private static String normalize(String pathPrefix) {
        if (pathPrefix == null) {
            return "";
        }
        int end = pathPrefix.length();
        while (end > 0 && pathPrefix.charAt(end - 1) == '/') {
            end--;
        }
        return pathPrefix.substring(0, end);
    }

    private static int bindUnder(PreparedStatement ps, int first, String prefix) throws SQLException {
        ps.setString(first, prefix);
        ps.setString(first + 1, prefix + "0");
        ps.setString(first + 2, prefix);
        ps.setString(first + 3, prefix + "/");
        return first + 4;
    }

    private static ManifestEntry read(ResultSet r) throws SQLException {
        return new ManifestEntry(r.getString("path"), EntryType.valueOf(r.getString("type")), r.getLong("size"),
                r.getInt("mode"), r.getLong("mtime"), r.getString("sha256"), r.getString("link_target"),
                r.getInt("chunk_index"), r.getLong("chunk_offset"));
    }
}
