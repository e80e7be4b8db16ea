package dev.dos.app.web;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How {@code dos web} serves one store.
 *
 * @param host            address to listen on
 * @param port            port; 0 picks a free one
 * @param stagingDir      where browser uploads are staged (owner-only)
 * @param backupDirectory where backup jobs write (as 'dos backup')
 * @param allowedRoots    DOS_WEB_ROOTS: folders server-side paths must be in; empty: anywhere
 */
public record WebOptions(String host, int port, Path stagingDir, Path backupDirectory, List<Path> allowedRoots) {
    public WebOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(stagingDir, "stagingDir");
        Objects.requireNonNull(backupDirectory, "backupDirectory");
        allowedRoots = List.copyOf(allowedRoots);
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
        }
    }
}
