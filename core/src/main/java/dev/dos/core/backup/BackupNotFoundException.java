package dev.dos.core.backup;

import java.io.IOException;

/** There is no backup to restore where one was looked for. */
public class BackupNotFoundException extends IOException {
    public BackupNotFoundException(String message) {
        super(message);
    }
}
