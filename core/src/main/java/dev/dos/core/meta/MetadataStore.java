package dev.dos.core.meta;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The local metadata database: the {@link BatchStore} index and the {@link Settings}, in one file
 * (one SQLite database, one WAL, one schema version), with the maintenance of that file.
 *
 * <p>Other modules may keep tables of their own in the same file through {@link #database()} (the
 * app module keeps the web server's job queue so): they share its transactions and go into its
 * backups, while core knows nothing of what they mean.
 */
public interface MetadataStore extends BatchStore, Settings, AutoCloseable {

    /**
     * The transactions of the database file, for tables other modules keep beside the index. Work
     * run here shares the store's writer lock and reader pool, so it never deadlocks with the
     * store's own calls.
     */
    SharedDatabase database();

    /**
     * Writes a consistent snapshot of the whole database to {@code target}, replacing the file
     * atomically if it exists. Other readers and writers, in this process or others, carry on
     * meanwhile; the snapshot holds exactly the transactions committed when it started. The result
     * opens as a store of the same schema version.
     */
    void backupTo(Path target);

    /** Schema version of the open database. */
    int schemaVersion();

    /**
     * The database file, when the store lives in one. Processes sharing a store keep their
     * cross-process locks (for example which batch an upload is writing) in files beside it.
     */
    default Optional<Path> databaseFile() {
        return Optional.empty();
    }

    /** Closes the database. Calls made afterwards throw {@link IllegalStateException}. */
    @Override
    void close();
}
