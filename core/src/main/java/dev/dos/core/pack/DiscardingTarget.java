package dev.dos.core.pack;

import dev.dos.core.format.ManifestEntry;
import java.io.OutputStream;
import java.util.List;

/** Writes nothing: restoring into it decodes and checks every selected entry (deep verify). */
public final class DiscardingTarget implements RestoreTarget {
    private static final PendingFile NOWHERE = new PendingFile() {
        @Override
        public OutputStream stream() {
            return OutputStream.nullOutputStream();
        }

        @Override
        public void commit() {
        }

        @Override
        public void discard() {
        }
    };

    @Override
    public PendingFile createFile(ManifestEntry entry) {
        return NOWHERE;
    }

    @Override
    public void createDirectory(ManifestEntry entry) {
    }

    @Override
    public void createSymlink(ManifestEntry entry) {
    }

    @Override
    public List<RestoreProblem> finish() {
        return List.of();
    }
}
