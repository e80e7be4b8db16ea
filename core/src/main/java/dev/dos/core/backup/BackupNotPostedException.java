package dev.dos.core.backup;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The local backup was written, but posting it to the remote failed. The cause says why (a
 * missing permission, Discord unreachable); the local file is complete and can be restored.
 */
public class BackupNotPostedException extends IOException {
    private final Path file;

    public BackupNotPostedException(Path file, IOException cause) {
        super("the backup was saved to " + file + ", but posting it to the backup channel failed: "
                + cause.getMessage(), cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
