package dev.dos.core.backup;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The live index is open in another process, so it cannot be replaced safely. Nothing was
 * replaced.
 */
public class DatabaseInUseException extends IOException {
    public DatabaseInUseException(Path database) {
        super(database + " is open in another process (a running dos command or the dashboard);"
                + " stop it and run restore-db again. Nothing was replaced.");
    }
}
