package dev.dos.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Bench-only bulk loader for the metadata figure. Through the store's API every batch is several
 * durable transactions (synchronous = FULL), which would take hours for 100,000 batches; so the
 * one batch uploaded through the API is copied {@code n} times by plain SQL in one transaction,
 * with fresh random ids, names and creation times. It knows the schema only by two conventions
 * (the {@code batches} table keyed by {@code pk}, and child tables naming their batch in a column
 * {@code batch}); every other column is copied as it is, so schema changes keep it working.
 */
final class IndexCloner {
    record Filled(long batches, long entries, long chunks) {
    }

    private IndexCloner() {
    }

    static Filled clone(Path database, int copies) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA synchronous = OFF");
            }
            c.setAutoCommit(false);
            long template = single(c, "SELECT pk FROM batches");
            String seq = "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < " + copies + ") ";
            List<String> batchColumns = columns(c, "batches");
            String exprs = batchColumns.stream().map(col -> switch (col) {
                case "pk" -> "t.pk + n";
                case "id" -> "lower(hex(randomblob(16)))";
                case "name" -> "t.name || ' ' || n";
                case "created_at" -> "t.created_at - n * 60000";
                case "completed_at" -> "t.completed_at - n * 60000";
                default -> "t." + col;
            }).collect(Collectors.joining(", "));
            execute(c, seq + "INSERT INTO batches (" + String.join(", ", batchColumns) + ") SELECT " + exprs
                    + " FROM seq, batches t WHERE t.pk = " + template);
            for (String table : childTables(c)) {
                List<String> cols = columns(c, table);
                String childExprs = cols.stream().map(col -> switch (col) {
                    case "batch" -> "x.batch + n";
                    case "path" -> "'b' || n || '/' || x.path";
                    default -> "x." + col;
                }).collect(Collectors.joining(", "));
                execute(c, seq + "INSERT INTO " + table + " (" + String.join(", ", cols) + ") SELECT " + childExprs
                        + " FROM seq, " + table + " x WHERE x.batch = " + template);
            }
            c.commit();
            return new Filled(single(c, "SELECT count(*) FROM batches"), single(c, "SELECT count(*) FROM entries"),
                    single(c, "SELECT count(*) FROM chunks"));
        }
    }

    /** Up to {@code count} random batch-id prefixes of {@code length} characters that match one batch each. */
    static List<String> uniquePrefixes(Path database, int length, int count) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT substr(id, 1, " + length + ") FROM batches ORDER BY random() LIMIT "
                     + (count * 2));
             PreparedStatement matches = c.prepareStatement("SELECT count(*) FROM batches WHERE id LIKE ? || '%'")) {
            while (r.next() && out.size() < count) {
                String prefix = r.getString(1);
                matches.setString(1, prefix);
                try (ResultSet m = matches.executeQuery()) {
                    if (m.next() && m.getLong(1) == 1) {
                        out.add(prefix);
                    }
                }
            }
        }
        if (out.isEmpty()) {
            throw new SQLException("no batch with a unique prefix in " + database);
        }
        return out;
    }

    private static List<String> childTables(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                     + " ORDER BY name")) {
            while (r.next()) {
                tables.add(r.getString(1));
            }
        }
        List<String> children = new ArrayList<>();
        for (String table : tables) {
            if (!table.equals("batches") && columns(c, table).contains("batch")) {
                children.add(table);
            }
        }
        return children;
    }

    private static List<String> columns(Connection c, String table) throws SQLException {
        List<String> cols = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (r.next()) {
                cols.add(r.getString("name"));
            }
        }
        return cols;
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            if (!r.next()) {
                throw new SQLException("no row for " + sql);
            }
            long v = r.getLong(1);
            if (r.next()) {
                throw new SQLException("more than one row for " + sql);
            }
            return v;
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }
}
