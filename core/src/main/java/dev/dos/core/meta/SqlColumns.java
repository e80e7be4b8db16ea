package dev.dos.core.meta;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/** Conversions for the column types the schema uses beyond plain text and integers. */
final class SqlColumns {
    private SqlColumns() {
    }

    /** Binds an instant as epoch milliseconds, or NULL. */
    static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setLong(index, value.toEpochMilli());
        }
    }

    static Instant getInstant(ResultSet r, String column) throws SQLException {
        long millis = r.getLong(column);
        return r.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    /** Binds all values in order from parameter 1. */
    static void bindAll(PreparedStatement ps, Iterable<?> values) throws SQLException {
        int i = 1;
        for (Object value : values) {
            ps.setObject(i++, value);
        }
    }

    /** A placeholder list for {@code IN (...)}: "?, ?, ?". */
    static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }
}
