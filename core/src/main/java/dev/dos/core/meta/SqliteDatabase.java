package dev.dos.core.meta;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * The connections to one SQLite file, and the transaction discipline over them.
 *
 * <p>SQLite lets one writer at a time change a file, while (in WAL mode) any number of readers keep
 * reading the last committed state. So: one writer connection, used under a fair {@link ReentrantLock}
 * inside {@code BEGIN IMMEDIATE}; and a small pool of query-only reader connections, each read inside
 * its own deferred transaction so multi-statement reads (a page and its count) see one snapshot.
 * Threads of this process queue on the Java lock and the pool's semaphore, which park virtual
 * threads cheaply; only another process's writer is waited for inside SQLite, by busy_timeout.
 *
 * <p>A thread that already holds the writer runs nested reads and writes on it (one transaction, and
 * reads see its own uncommitted writes); a thread that already holds a reader reuses it. Nested
 * calls therefore never wait for a second connection, so they cannot deadlock on the pool.
 *
 * <p>synchronous stays FULL (SQLite's default): each commit of the upload journal is on disk before
 * the chunk is sent, so a power cut cannot make a posted chunk look unsent and get posted twice.
 */
final class SqliteDatabase implements AutoCloseable {

    /** How long to wait for another process's write transaction before failing. */
    static final int BUSY_TIMEOUT_MILLIS = 30_000;

    /** Negative: KiB rather than pages, as PRAGMA cache_size takes it. */
    private static final int WRITER_CACHE_KIB = -64 * 1024;

    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private final Path file;
    private final String url;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final Connection writer;
    private final Semaphore readerPermits;
    private final ConcurrentLinkedQueue<Connection> idleReaders = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<Connection> readerOfThread = new ThreadLocal<>();
    private volatile boolean closed;

    private SqliteDatabase(Path file, Connection writer, int maxReaders) {
        this.file = file;
        this.url = urlOf(file);
        this.writer = writer;
        this.readerPermits = new Semaphore(maxReaders, true);
    }

    /** Opens the file, creating it (owner-only) if missing. */
    static SqliteDatabase open(Path file, int maxReaders) {
        Path absolute = file.toAbsolutePath();
        createOwnerOnly(absolute);
        try {
            return new SqliteDatabase(absolute, connect(urlOf(absolute), false), maxReaders);
        } catch (SQLException e) {
            throw new MetadataException("cannot open metadata database " + absolute + ": " + e.getMessage(), e);
        }
    }

    /**
     * Switches the file to write-ahead logging, which persists in the file: readers then never block
     * the writer nor the writer them, so the CLI and the web dashboard can share the file.
     */
    void useWriteAheadLog() {
        writeLock.lock();
        try (Statement s = writer.createStatement(); ResultSet r = s.executeQuery("PRAGMA journal_mode = WAL")) {
            String mode = r.next() ? r.getString(1) : "";
            if (!"wal".equalsIgnoreCase(mode)) {
                throw new MetadataException("cannot switch " + file + " to WAL mode (journal mode stays " + mode + ")");
            }
        } catch (SQLException e) {
            throw new MetadataException("cannot switch " + file + " to WAL mode: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    Path file() {
        return file;
    }

    /** Runs {@code work} in a write transaction; commits if it returns, rolls back if it throws. */
    <T> T write(String what, SqlWork<T> work) {
        if (writeLock.isHeldByCurrentThread()) {
            return run(what, writer, work);
        }
        writeLock.lock();
        try {
            ensureOpen();
            return inTransaction(what, writer, "BEGIN IMMEDIATE", work);
        } finally {
            writeLock.unlock();
        }
    }

    /** Runs {@code work} in a read transaction: it sees one committed snapshot throughout. */
    <T> T read(String what, SqlWork<T> work) {
        if (writeLock.isHeldByCurrentThread()) {
            return run(what, writer, work);
        }
        Connection own = readerOfThread.get();
        if (own != null) {
            return run(what, own, work);
        }
        Connection reader = borrowReader();
        readerOfThread.set(reader);
        try {
            return inTransaction(what, reader, "BEGIN DEFERRED", work);
        } finally {
            readerOfThread.remove();
            returnReader(reader);
        }
    }

    /**
     * A fresh connection of its own, in autocommit mode, for work that must not hold the writer or
     * a pooled reader (a backup). The caller closes it.
     */
    Connection openDedicated() throws SQLException {
        ensureOpen();
        return connect(url, false);
    }

    @Override
    public void close() {
        closed = true;
        closeIdleReaders();
        writeLock.lock();
        try {
            writer.close();
        } catch (SQLException e) {
            throw new MetadataException("cannot close metadata database " + file, e);
        } finally {
            writeLock.unlock();
        }
    }

    private <T> T inTransaction(String what, Connection c, String begin, SqlWork<T> work) {
        try (Statement s = c.createStatement()) {
            s.execute(begin);
            try {
                T result = work.run(c);
                s.execute("COMMIT");
                return result;
            } catch (Throwable e) {
                rollback(s, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new MetadataException(what + " failed: " + e.getMessage(), e);
        }
    }

    private static void rollback(Statement s, Throwable cause) {
        try {
            s.execute("ROLLBACK");
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static <T> T run(String what, Connection c, SqlWork<T> work) {
        try {
            return work.run(c);
        } catch (SQLException e) {
            throw new MetadataException(what + " failed: " + e.getMessage(), e);
        }
    }

    private Connection borrowReader() {
        ensureOpen();
        readerPermits.acquireUninterruptibly();
        Connection c = idleReaders.poll();
        if (c != null) {
            return c;
        }
        try {
            c = connect(url, true);
            return c;
        } catch (SQLException e) {
            readerPermits.release();
            throw new MetadataException("cannot open a reader on " + file + ": " + e.getMessage(), e);
        }
    }

    private void returnReader(Connection c) {
        idleReaders.offer(c);
        readerPermits.release();
        // close() may have drained the queue just before this offer: drain again so nothing leaks.
        if (closed) {
            closeIdleReaders();
        }
    }

    private void closeIdleReaders() {
        for (Connection c; (c = idleReaders.poll()) != null; ) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // Closing a read-only connection fails only if it is already unusable.
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("metadata store " + file + " is closed");
        }
    }

    /**
     * A connection with foreign keys enforced and the busy timeout set. Readers are query-only. The
     * writer gets a 64 MiB page cache (SQLite's default is 2 MiB): storing a million manifest
     * entries inserts into the path index in random order, and with the default cache every insert
     * evicts and re-reads index pages.
     */
    private static Connection connect(String url, boolean queryOnly) throws SQLException {
        SqliteNativeLibrary.configure();
        SQLiteConfig config = new SQLiteConfig();
        config.enforceForeignKeys(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        Connection c = config.createConnection(url);
        try (Statement s = c.createStatement()) {
            s.execute(queryOnly ? "PRAGMA query_only = 1" : "PRAGMA cache_size = " + WRITER_CACHE_KIB);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private static String urlOf(Path file) {
        return "jdbc:sqlite:" + file;
    }

    /**
     * The index holds file names in clear, so a new database file is readable by its owner only.
     * SQLite gives its -wal and -shm files the mode of the database file.
     */
    private static void createOwnerOnly(Path file) {
        try {
            Path parent = file.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (Files.exists(file)) {
                return;
            }
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException raced) {
            // Another process created it first; its mode is its business.
        } catch (IOException e) {
            throw new MetadataException("cannot create metadata database " + file + ": " + e.getMessage(), e);
        }
    }
}
