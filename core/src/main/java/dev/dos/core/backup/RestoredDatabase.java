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
 */
public record RestoredDatabase(BackupHeader header, String source, int schemaVersion, long batches, Path file)
        implements AutoCloseable {

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(file);
    }
}
