package dev.dos.core.pack;

/**
 * A {@link RestoreTarget} declines an entry (it exists, or writing it would be unsafe). Not an
 * error of the restore: the entry is reported and the restore goes on.
 */
public class EntrySkippedException extends Exception {
    private final RestoreProblem.Kind kind;

    public EntrySkippedException(RestoreProblem.Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public RestoreProblem.Kind kind() {
        return kind;
    }
}
