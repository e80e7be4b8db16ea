package dev.dos.core.pack;

import dev.dos.core.format.ManifestEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * A restore target that passes every entry on to another and lets a test wrap the stream each
 * file's content is written to (to count the bytes that reach it, or to fail as a full disk does).
 */
class WrappingTarget implements RestoreTarget {
    private final RestoreTarget target;

    WrappingTarget(RestoreTarget target) {
        this.target = target;
    }

    /** The stream {@code entry}'s content goes to; {@code out} (the target's own) unless overridden. */
    protected OutputStream wrap(ManifestEntry entry, OutputStream out) {
        return out;
    }

    @Override
    public PendingFile createFile(ManifestEntry entry) throws IOException, EntrySkippedException {
        PendingFile pending = target.createFile(entry);
        OutputStream stream = wrap(entry, pending.stream());
        return new PendingFile() {
            @Override
            public OutputStream stream() {
                return stream;
            }

            @Override
            public void commit() throws IOException, EntrySkippedException {
                pending.commit();
            }

            @Override
            public void discard() {
                pending.discard();
            }
        };
    }

    @Override
    public void createDirectory(ManifestEntry entry) throws IOException, EntrySkippedException {
        target.createDirectory(entry);
    }

    @Override
    public void createSymlink(ManifestEntry entry) throws IOException, EntrySkippedException {
        target.createSymlink(entry);
    }

    @Override
    public List<RestoreProblem> finish() {
        return target.finish();
    }
}
