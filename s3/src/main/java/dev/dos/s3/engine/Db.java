package dev.dos.s3.engine;

import dev.dos.core.meta.SqliteNativeLibrary;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * The connections to the S3 index file, as the core's metadata store uses SQLite: write-ahead
 * logging, one writer connection behind a lock (write transactions are {@code BEGIN IMMEDIATE}),
 * and pooled query-only readers, each read in its own transaction so that it sees one committed
 * state. A thread holding the writer runs nested work on it.
 *
 * <p>synchronous = NORMAL: the remote, not this file, is the store's truth; a commit lost to a power
 * cut is read back from the journal by the next sync.
 */
final class Db implements AutoCloseable {
    private static final int BUSY_TIMEOUT_MILLIS = 30_000;

    /** Work on a connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException, IOException;
    }

    private final Path file;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final Connection writer;
    private final ConcurrentLinkedQueue<Connection> readers = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    private Db(Path file, Connection writer) {
        this.file = file;
        this.writer = writer;
    }

    static Db open(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        createOwnerOnly(absolute);
        try {
            Connection writer = connect(absolute, false);
            try (Statement s = writer.createStatement()) {
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = NORMAL");
            }
            return new Db(absolute, writer);
        } catch (SQLException e) {
            throw new IOException("cannot open the S3 index " + absolute + ": " + e.getMessage(), e);
        }
    }

    Path file() {
        return file;
    }

    /** Runs {@code work} in a write transaction: committed if it returns, rolled back if it throws. */
    <T> T write(Work<T> work) throws IOException {
        return writeTransaction(work, true);
    }

    /** Runs {@code work} in a write transaction that is always rolled back: a dry run. */
    <T> T dryRun(Work<T> work) throws IOException {
        return writeTransaction(work, false);
    }

    /** Runs {@code work} on one committed snapshot. */
    <T> T read(Work<T> work) throws IOException {
        if (writeLock.isHeldByCurrentThread()) {
            return run(writer, work);
        }
        ensureOpen();
        Connection c = readers.poll();
        try {
            if (c == null) {
                c = connect(file, true);
            }
            return inTransaction(c, "BEGIN DEFERRED", work, true);
        } catch (SQLException e) {
            throw new IOException("reading the S3 index failed: " + e.getMessage(), e);
        } finally {
            if (c != null) {
                readers.offer(c);
                if (closed) {
                    closeReaders();
                }
            }
        }
    }

    /** A connection of its own (a checkpoint's long snapshot); the caller closes it. */
    Connection openDedicated() throws IOException {
        ensureOpen();
        try {
            return connect(file, true);
        } catch (SQLException e) {
            throw new IOException("cannot open the S3 index " + file + ": " + e.getMessage(), e);
        }
    }

    private <T> T writeTransaction(Work<T> work, boolean commit) throws IOException {
        if (writeLock.isHeldByCurrentThread()) {
            return run(writer, work);
        }
        writeLock.lock();
        try {
            ensureOpen();
            return inTransaction(writer, "BEGIN IMMEDIATE", work, commit);
        } catch (SQLException e) {
            throw new IOException("writing the S3 index failed: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    private static <T> T inTransaction(Connection c, String begin, Work<T> work, boolean commit)
            throws SQLException, IOException {
        try (Statement s = c.createStatement()) {
            s.execute(begin);
            boolean done = false;
            try {
                T result = work.run(c);
                s.execute(commit ? "COMMIT" : "ROLLBACK");
                done = true;
                return result;
            } finally {
                if (!done) {
                    try {
                        s.execute("ROLLBACK");
                    } catch (SQLException ignored) {
                        // the connection is unusable anyway; the original failure is what matters
                    }
                }
            }
        }
    }

    private static <T> T run(Connection c, Work<T> work) throws IOException {
        try {
            return work.run(c);
        } catch (SQLException e) {
            throw new IOException("S3 index: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closed = true;
        closeReaders();
        writeLock.lock();
        try {
            writer.close();
        } catch (SQLException ignored) {
            // closing: nothing left to save
        } finally {
            writeLock.unlock();
        }
    }

    private void closeReaders() {
        for (Connection c; (c = readers.poll()) != null; ) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // a read-only connection
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the S3 index " + file + " is closed");
        }
    }

    private static Connection connect(Path file, boolean queryOnly) throws SQLException {
        SqliteNativeLibrary.configure(); // the launcher's copy of the native library, as the core's index
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        Connection c = config.createConnection("jdbc:sqlite:" + file);
        try (Statement s = c.createStatement()) {
            s.execute(queryOnly ? "PRAGMA query_only = 1" : "PRAGMA cache_size = -32768");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** The index names buckets and keys in clear: owner-only, as the core's metadata database. */
    private static void createOwnerOnly(Path file) throws IOException {
        Path parent = file.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (Files.exists(file)) {
            return;
        }
        try {
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException raced) {
            // created meanwhile
        }
    }
}
