package dev.dos.core.pack;

import dev.dos.core.format.ManifestEntry;

/**
 * Progress and warnings from packing. Called on the packing thread. All methods default to doing
 * nothing; {@link #NONE} does nothing at all.
 */
public interface PackListener {
    PackListener NONE = new PackListener() {
    };

    /** {@code bytes} more bytes of file content were read. */
    default void bytesRead(long bytes) {
    }

    /** An entry was stored. */
    default void entryPacked(ManifestEntry entry) {
    }

    /** Something was skipped or stored differently from what was found. */
    default void warning(PackWarning warning) {
    }
}
