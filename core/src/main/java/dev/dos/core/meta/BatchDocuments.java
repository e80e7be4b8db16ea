package dev.dos.core.meta;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SQL over the side tables of a batch: {@code batch_manifests} (encrypted manifest),
 * {@code batch_sources} (resume source description) and {@code batch_lanes} (its further lanes).
 * Runs inside the caller's transaction.
 */
final class BatchDocuments {
    private BatchDocuments() {
    }

    static void putManifest(Connection c, long batchPk, byte[] encrypted) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO batch_manifests (batch, encrypted) VALUES (?, ?)"
                + " ON CONFLICT (batch) DO UPDATE SET encrypted = excluded.encrypted")) {
            ps.setLong(1, batchPk);
            ps.setBytes(2, encrypted);
            ps.executeUpdate();
        }
    }

    static Optional<byte[]> manifest(Connection c, String batchId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT encrypted FROM batch_manifests WHERE batch = "
                + BatchTable.PK_OF_ID)) {
            ps.setString(1, batchId);
            try (ResultSet r = ps.executeQuery()) {
                return r.next() ? Optional.of(r.getBytes(1)) : Optional.empty();
            }
        }
    }

    static void deleteManifest(Connection c, long batchPk) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM batch_manifests WHERE batch = ?")) {
            ps.setLong(1, batchPk);
            ps.executeUpdate();
        }
    }

    static void putSource(Connection c, long batchPk, String sourceJson) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO batch_sources (batch, source_json) VALUES (?, ?)"
                + " ON CONFLICT (batch) DO UPDATE SET source_json = excluded.source_json")) {
            ps.setLong(1, batchPk);
            ps.setString(2, sourceJson);
            ps.executeUpdate();
        }
    }

    static Optional<String> source(Connection c, String batchId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT source_json FROM batch_sources WHERE batch = "
                + BatchTable.PK_OF_ID)) {
            ps.setString(1, batchId);
            try (ResultSet r = ps.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        }
    }

    /** Replaces the further lanes (1 .. L-1) of a batch. */
    static void replaceLanes(Connection c, long batchPk, List<String> lanes) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM batch_lanes WHERE batch = ?")) {
            ps.setLong(1, batchPk);
            ps.executeUpdate();
        }
        if (lanes.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO batch_lanes (batch, lane, container_id) VALUES (?, ?, ?)")) {
            for (int k = 0; k < lanes.size(); k++) {
                ps.setLong(1, batchPk);
                ps.setInt(2, k + 1);
                ps.setString(3, lanes.get(k));
                ps.executeUpdate();
            }
        }
    }

    static List<String> lanes(Connection c, String batchId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT container_id FROM batch_lanes WHERE batch = "
                + BatchTable.PK_OF_ID + " ORDER BY lane")) {
            ps.setString(1, batchId);
            List<String> out = new ArrayList<>();
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
            return out;
        }
    }
}
