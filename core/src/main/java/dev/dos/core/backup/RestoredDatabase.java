package dev.dos.core.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A backup decrypted and checked, waiting beside the live index to replace it
 * ({@link DatabaseRestore#install}). Closing it deletes the file if it was not installed.
 *
 * @param header        the backup's id, key, date and chunk count
 * @param source        where it came from, for messages ("the backup channel", a file name)
 * @param schemaVersion schema version of the backed-up database (it is migrated when next opened)
 * @param batches       batches it holds
 * @param file          the decrypted database
 * @param dateChecked   whether the snapshot carried its own backup date (and it matched the header's);
 *                      false for backups made before snapshots were dated, whose date cannot be checked
 * @param foreignPosts  backup posts someone other than our bot made in the backup area (ignored)
 */
public record RestoredDatabase(BackupHeader header, String source, int schemaVersion, long batches, Path file,
                               boolean dateChecked, int foreignPosts)
        implements AutoCloseable {

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(file);
    }
}
