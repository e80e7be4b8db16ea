package dev.dos.core.meta;

import dev.dos.core.remote.BlobRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL over the {@code chunks} table (the upload journal). Runs inside the caller's transaction.
 * Batches are named by their integer key ({@link BatchTable#pk}).
 */
final class ChunkTable {
    private static final String COLUMNS = "idx, size, sha256, plain_size, state, thread_id, message_id, attachment_id, last";

    private ChunkTable() {
    }

    /**
     * Inserts or replaces by (batch, index). An upsert rather than INSERT OR REPLACE: REPLACE would
     * also silently delete another chunk that claims to be last, where this fails instead.
     */
    static void upsert(Connection c, long batchPk, Iterable<ChunkRecord> chunks) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO chunks (batch, " + COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (batch, idx) DO UPDATE SET"
                + " size = excluded.size, sha256 = excluded.sha256, plain_size = excluded.plain_size,"
                + " state = excluded.state, thread_id = excluded.thread_id, message_id = excluded.message_id,"
                + " attachment_id = excluded.attachment_id, last = excluded.last")) {
            for (ChunkRecord chunk : chunks) {
                BlobRef ref = chunk.remote();
                ps.setLong(1, batchPk);
                ps.setInt(2, chunk.index());
                ps.setLong(3, chunk.size());
                ps.setString(4, chunk.sha256());
                ps.setLong(5, chunk.plainSize());
                ps.setString(6, chunk.state().name());
                ps.setString(7, ref == null ? null : ref.containerId());
                ps.setString(8, ref == null ? null : ref.postId());
                ps.setString(9, ref == null ? null : ref.blobId());
                ps.setBoolean(10, chunk.last());
                ps.executeUpdate();
            }
        }
    }

    /**
     * Moves one chunk to {@code next}, setting its remote ids (null unless POSTED).
     * {@code batchId} only names the batch in errors.
     */
    static void move(Connection c, long batchPk, String batchId, int index, ChunkState next, BlobRef ref)
            throws SQLException {
        ChunkState current = state(c, batchPk, batchId, index);
        if (!current.canMoveTo(next)) {
            throw new IllegalStateException("chunk " + index + " of batch " + batchId + " is " + current
                    + " and cannot become " + next);
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE chunks SET state = ?, thread_id = ?, message_id = ?,"
                + " attachment_id = ? WHERE batch = ? AND idx = ?")) {
            ps.setString(1, next.name());
            ps.setString(2, ref == null ? null : ref.containerId());
            ps.setString(3, ref == null ? null : ref.postId());
            ps.setString(4, ref == null ? null : ref.blobId());
            ps.setLong(5, batchPk);
            ps.setInt(6, index);
            ps.executeUpdate();
        }
    }

    private static ChunkState state(Connection c, long batchPk, String batchId, int index) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT state FROM chunks WHERE batch = ? AND idx = ?")) {
            ps.setLong(1, batchPk);
            ps.setInt(2, index);
            try (ResultSet r = ps.executeQuery()) {
                if (!r.next()) {
                    throw new MetadataException.NotFound("no chunk " + index + " in batch " + batchId);
                }
                return ChunkState.valueOf(r.getString(1));
            }
        }
    }

    static List<ChunkRecord> ofBatch(Connection c, String batchId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM chunks WHERE batch = "
                + BatchTable.PK_OF_ID + " ORDER BY idx")) {
            ps.setString(1, batchId);
            List<ChunkRecord> out = new ArrayList<>();
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    out.add(read(batchId, r));
                }
            }
            return out;
        }
    }

    static void deleteOfBatch(Connection c, long batchPk) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM chunks WHERE batch = ?")) {
            ps.setLong(1, batchPk);
            ps.executeUpdate();
        }
    }

    private static ChunkRecord read(String batchId, ResultSet r) throws SQLException {
        String messageId = r.getString("message_id");
        BlobRef ref = messageId == null ? null
                : new BlobRef(r.getString("thread_id"), messageId, r.getString("attachment_id"));
        return new ChunkRecord(batchId, r.getInt("idx"), r.getLong("size"), r.getString("sha256"),
                r.getLong("plain_size"), ChunkState.valueOf(r.getString("state")), ref, r.getBoolean("last"));
    }
}
