package dev.dos.core.pack;

import java.util.Objects;

/**
 * How to restore into a directory.
 *
 * @param overwrite replace existing files and symlinks (default: leave them and report them)
 * @param listener  progress and problems
 */
public record RestoreOptions(boolean overwrite, RestoreListener listener) {
    public RestoreOptions {
        Objects.requireNonNull(listener, "listener");
    }

    public static RestoreOptions defaults() {
        return new RestoreOptions(false, RestoreListener.NONE);
    }

    public RestoreOptions withOverwrite(boolean value) {
        return new RestoreOptions(value, listener);
    }

    public RestoreOptions withListener(RestoreListener value) {
        return new RestoreOptions(overwrite, value);
    }
}
