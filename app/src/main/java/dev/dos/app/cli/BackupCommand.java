package dev.dos.app.cli;

import dev.dos.app.results.OperationViews;
import dev.dos.app.store.StoreSession;
import dev.dos.app.summary.ResultLines;
import dev.dos.core.backup.BackupNotPostedException;
import dev.dos.core.backup.BackupOperation;
import dev.dos.core.backup.BackupOptions;
import dev.dos.core.backup.BackupResult;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dos backup [--to-discord]}: an encrypted snapshot of the local index, kept locally and optionally on Discord. */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Back up the local index, encrypted; --to-discord also posts it.",
                "A consistent snapshot of metadata.db (safe while other commands run),",
                "sealed with the store key into <data-dir>/backups/metadata-<time>.dosb.",
                "With --to-discord the same encrypted chunks go to the backup channel.",
                "Restore with 'dos restore-db <file|latest>'."})
final class BackupCommand extends StoreCommand {
    @Option(names = "--to-discord", description = "Also post the backup to the backup channel.")
    boolean toDiscord;

    @Option(names = "--keep", paramLabel = "N", defaultValue = "" + BackupOptions.DEFAULT_KEEP,
            description = "Local backups to keep, this one included; older ones are deleted. Default: ${DEFAULT-VALUE}.")
    int keep;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @Override
    int run(StoreSession session) throws Exception {
        if (keep < 1) {
            throw new UserError(ExitCode.USAGE, "--keep must be at least 1 (the new backup)");
        }
        Path directory = session.backupDirectory();
        BackupOptions options = BackupOptions.defaults().withKeep(keep).withToRemote(toDiscord);
        BackupResult result;
        try (ProgressBars bars = progress(quiet || json)) {
            result = new BackupOperation(session.repository(), directory).backup(options, bars);
        } catch (BackupNotPostedException e) {
            // The exit code is the cause's (a refused permission is AUTH), the message says the file is safe.
            throw new UserError(ErrorReporter.classify(e.getCause()).code(), e.getMessage(), e);
        }
        if (json) {
            printJson(OperationViews.backup(result));
            return ExitCode.OK;
        }
        out().println(ResultLines.backup(result));
        out().println("  saved to " + result.file());
        if (toDiscord) {
            out().printf("  posted to the backup channel in %d message%s%n", result.remotePostIds().size(),
                    result.remotePostIds().size() == 1 ? "" : "s");
        }
        for (Path old : result.removed()) {
            out().println("  removed old backup " + old.getFileName() + " (keeping " + keep + ")");
        }
        return ExitCode.OK;
    }
}
