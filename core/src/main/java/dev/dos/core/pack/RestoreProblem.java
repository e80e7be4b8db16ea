package dev.dos.core.pack;

import java.util.Objects;

/**
 * An entry that was not restored, and why.
 *
 * @param path       the entry path
 * @param kind       what happened
 * @param chunkIndex the chunk at fault for {@link Kind#DAMAGED}, else -1
 * @param message    details for the user
 */
public record RestoreProblem(String path, Kind kind, int chunkIndex, String message) {

    public enum Kind {
        /** Something already exists there and overwriting was not asked for: left untouched. */
        EXISTS(false),
        /** Would have written through a symlink, or is a symlink pointing outside the destination. */
        REFUSED(false),
        /** A chunk it needs is missing or failed its checks. */
        DAMAGED(true),
        /** Its content did not match the manifest's SHA-256 (or its tar header the manifest). */
        MISMATCH(true),
        /** Writing it to the destination failed. */
        WRITE_FAILED(true),
        /** The destination had no room for it (no space or no inodes left): not written, nothing partial left. */
        NO_SPACE(true);

        private final boolean failure;

        Kind(boolean failure) {
            this.failure = failure;
        }

        /** Whether the entry is lost or broken, rather than deliberately left alone. */
        public boolean isFailure() {
            return failure;
        }
    }

    public RestoreProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
