package dev.dos.app.cli;

/**
 * The process exit codes of {@code dos}, documented in README.md. Scripts rely on them:
 * never renumber, only add.
 */
public final class ExitCode {
    public static final int OK = 0;
    /** An unexpected failure (I/O, bug); the message says what happened. */
    public static final int FAILURE = 1;
    /** Bad command line: unknown option, missing argument, invalid value. */
    public static final int USAGE = 2;
    /** The batch, file or path asked for does not exist. */
    public static final int NOT_FOUND = 3;
    /** Stored data failed verification: a chunk or file is corrupted or missing. */
    public static final int INTEGRITY = 4;
    /** Discord refused the credentials or a permission, or the key/passphrase is wrong. */
    public static final int AUTH = 5;
    /** Some items succeeded and some failed (e.g. restore with unreadable chunks). */
    public static final int PARTIAL = 6;
    /**
     * The batch's state forbids the request: resume of a batch whose files changed since its upload
     * began, of a complete one, or of one another process is uploading right now.
     */
    public static final int CONFLICT = 7;
    /** Interrupted (Ctrl-C); state was saved and the message says how to continue. */
    public static final int INTERRUPTED = 130;

    private ExitCode() {
    }
}
