package dev.dos.app.cli;

/**
 * An error meant for the user: one clear line plus the exit code it maps to. Thrown by commands
 * and by the mapping in {@link ErrorReporter}; never carries secrets.
 */
public class UserError extends RuntimeException {
    private final int exitCode;

    public UserError(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public UserError(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
