package dev.dos.core.pack;

import dev.dos.core.format.ManifestEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Where a restore puts entries: a directory ({@link DirectoryTarget}) or nowhere
 * ({@link DiscardingTarget}, for verifying). Entries arrive in tar order, each checked against its
 * manifest entry and its path already known to be safe by name.
 */
public interface RestoreTarget {

    /** Prepares a file; its content is then written to the returned file's stream. */
    PendingFile createFile(ManifestEntry entry) throws IOException, EntrySkippedException;

    void createDirectory(ManifestEntry entry) throws IOException, EntrySkippedException;

    void createSymlink(ManifestEntry entry) throws IOException, EntrySkippedException;

    /**
     * Called once after the last entry (e.g. to apply directory times, which writing inside
     * changes). Returns the entries whose final touches failed.
     */
    List<RestoreProblem> finish();

    /** A file being written. Exactly one of {@link #commit} or {@link #discard} follows. */
    interface PendingFile {
        OutputStream stream();

        /** The content is complete and verified: put it in place. */
        void commit() throws IOException, EntrySkippedException;

        /** Throw the partial content away. Never fails. */
        void discard();
    }
}
