package dev.dos.core.meta;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Transactions on the metadata database file, for tables a module keeps beside the index without
 * core knowing their meaning. The tables' schema is part of the file's ordered migrations
 * ({@code V<n>__*.sql} beside {@link SqliteMetadataStore}); their rows go into every backup of the file, as any other table's.
 */
public interface SharedDatabase {

    /** Work on a connection inside a transaction the caller does not commit or roll back. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} in a write transaction: commits if it returns, rolls back if it throws. A
     * {@link SQLException} comes out as a {@link MetadataException} naming {@code what}.
     */
    <T> T write(String what, SqlWork<T> work);

    /** Runs {@code work} in a read transaction that sees one committed snapshot throughout. */
    <T> T read(String what, SqlWork<T> work);
}
