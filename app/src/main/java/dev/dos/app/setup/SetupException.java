package dev.dos.app.setup;

/**
 * Setup cannot go on. The message is one line for the user and never holds the token or the
 * passphrase; {@link #kind()} lets the command line pick its exit code.
 */
public class SetupException extends RuntimeException {
    /** Why setup stopped. */
    public enum Kind {
        /** An answer is missing or invalid: a flag, or input that ended. */
        USAGE,
        /** Discord refused the token or a permission, or the passphrase does not open the key. */
        AUTH,
        /** Something named does not exist: a server, a channel. */
        NOT_FOUND,
        /** Anything else: Discord unreachable, the round-trip test failed. */
        FAILED
    }

    private final Kind kind;

    public SetupException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public SetupException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
