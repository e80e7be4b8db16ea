package dev.dos.core.meta;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * SQL over the one-row-per-batch side tables {@code batch_manifests} (encrypted manifest) and
 * {@code batch_sources} (resume source description). Runs inside the caller's transaction.
 */
final class BatchDocuments {
    private BatchDocuments() {
    }

    static void putManifest(Connection c, String batchId, byte[] encrypted) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO batch_manifests (batch_id, encrypted) VALUES (?, ?)"
                + " ON CONFLICT (batch_id) DO UPDATE SET encrypted = excluded.encrypted")) {
            ps.setString(1, batchId);
            ps.setBytes(2, encrypted);
            ps.executeUpdate();
        }
    }

    static Optional<byte[]> manifest(Connection c, String batchId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT encrypted FROM batch_manifests WHERE batch_id = ?")) {
            ps.setString(1, batchId);
            try (ResultSet r = ps.executeQuery()) {
                return r.next() ? Optional.of(r.getBytes(1)) : Optional.empty();
            }
        }
    }

    static void deleteManifest(Connection c, String batchId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM batch_manifests WHERE batch_id = ?")) {
            ps.setString(1, batchId);
            ps.executeUpdate();
        }
    }

    static void putSource(Connection c, String batchId, String sourceJson) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO batch_sources (batch_id, source_json) VALUES (?, ?)"
                + " ON CONFLICT (batch_id) DO UPDATE SET source_json = excluded.source_json")) {
            ps.setString(1, batchId);
            ps.setString(2, sourceJson);
            ps.executeUpdate();
        }
    }

    static Optional<String> source(Connection c, String batchId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT source_json FROM batch_sources WHERE batch_id = ?")) {
            ps.setString(1, batchId);
            try (ResultSet r = ps.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        }
    }
}
