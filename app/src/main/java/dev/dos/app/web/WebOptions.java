package dev.dos.app.web;

import dev.dos.core.ops.TransferOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How {@code dos web} serves one store.
 *
 * @param host            address to listen on
 * @param port            port; 0 picks a free one
 * @param stagingDir      where browser uploads are staged (owner-only)
 * @param backupDirectory where backup jobs write (as 'dos backup')
 * @param allowedRoots    folders server-side paths must be in; empty: anywhere ('dos web' never
 *                        passes an empty list: DOS_WEB_ROOTS, else the home folder)
 * @param refusedFolders  folders server-side paths may never be in or hold, whatever the roots:
 *                        dos's config and data folders (key, tokens, index). The folder holding
 *                        the staging folder (the index's) is always added.
 * @param transfers       the transfer policy of the server's jobs and downloads ({@code dos web
 *                        --transfers/--bwlimit}); null: the one the dashboard last set (kept in the
 *                        index), else the defaults
 */
public record WebOptions(String host, int port, Path stagingDir, Path backupDirectory, List<Path> allowedRoots,
                         List<Path> refusedFolders, TransferOptions transfers) {
    public WebOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(stagingDir, "stagingDir");
        Objects.requireNonNull(backupDirectory, "backupDirectory");
        allowedRoots = List.copyOf(allowedRoots);
        List<Path> refused = new ArrayList<>(refusedFolders);
        Path indexFolder = stagingDir.toAbsolutePath().normalize().getParent();
        if (indexFolder != null) {
            refused.add(indexFolder);
        }
        refusedFolders = List.copyOf(refused);
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
        }
    }

    /** With the transfer policy the index kept, else the defaults. */
    public WebOptions(String host, int port, Path stagingDir, Path backupDirectory, List<Path> allowedRoots,
                      List<Path> refusedFolders) {
        this(host, port, stagingDir, backupDirectory, allowedRoots, refusedFolders, null);
    }

    /** Refusing only the folder of the index (and staging and backups beside it). */
    public WebOptions(String host, int port, Path stagingDir, Path backupDirectory, List<Path> allowedRoots) {
        this(host, port, stagingDir, backupDirectory, allowedRoots, List.of(), null);
    }
}
