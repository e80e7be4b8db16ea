package dev.dos.emulator;

import java.io.IOException;
import java.nio.file.Path;

/** Another emulator (in this process or another) already serves this data directory. */
public class DataDirectoryInUseException extends IOException {
    private final Path dataDir;

    public DataDirectoryInUseException(Path dataDir) {
        super("data directory " + dataDir + " is in use by another emulator");
        this.dataDir = dataDir;
    }

    public Path dataDir() {
        return dataDir;
    }
}
