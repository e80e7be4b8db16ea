package dev.dos.core.pack;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Something packing could not store as found, but that did not stop it.
 *
 * @param kind    what happened
 * @param path    the file concerned, as found on disk
 * @param message details for the user
 */
public record PackWarning(Kind kind, Path path, String message) {

    public enum Kind {
        /** A FIFO, socket or device: never stored. */
        SPECIAL_FILE_SKIPPED,
        /** Could not be opened or listed (permissions, vanished): left out. */
        UNREADABLE_SKIPPED,
        /** Changed size or failed while being read: stored as read, padded with zeros to its listed size. */
        CHANGED_WHILE_READING,
        /** Following symlinks led back into a directory being packed: not entered again. */
        SYMLINK_LOOP_SKIPPED,
        /** Following symlinks, this one pointed nowhere: stored as the symlink itself. */
        DANGLING_SYMLINK_KEPT
    }

    public PackWarning {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
