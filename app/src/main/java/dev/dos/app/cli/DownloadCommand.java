package dev.dos.app.cli;

import dev.dos.app.results.OperationViews;
import dev.dos.app.store.StoreSession;
import dev.dos.core.ops.TransferPolicy;
import dev.dos.app.summary.ResultLines;
import dev.dos.core.ops.RestoreOperation;
import dev.dos.core.pack.RestoreProblem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dos download <batch> <dest> [--file PATH]...}: restores a batch, or some files of it. */
@Command(name = "download", aliases = "restore", mixinStandardHelpOptions = true,
        description = "Restore a batch (or single files of it) into a directory.")
final class DownloadCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "BATCH", description = "Batch id or unique prefix.")
    String batch;

    @Parameters(index = "1", paramLabel = "DEST", description = "Directory to restore into (created if missing).")
    Path destination;

    @Option(names = "--file", paramLabel = "PATH", description = "Restore only this entry (repeatable; a folder restores its contents).")
    List<String> files = new ArrayList<>();

    @Option(names = "--overwrite", description = "Replace existing files (default: leave them and report).")
    boolean overwrite;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @Mixin
    TransferMixin transfer = new TransferMixin();

    @Override
    int run(StoreSession session) throws Exception {
        TransferPolicy policy = transfer.policy();
        RestoreOperation.Report report;
        try (ProgressBars bars = progress(quiet || json)) {
            report = new RestoreOperation(policy.pace(session.repository()), policy.options()).restore(batch, destination, files, overwrite, bars);
        }
        var result = report.result();
        if (json) {
            printJson(OperationViews.restore(report, destination));
        } else {
            out().println(ResultLines.restore(report, destination));
        }
        long noSpace = result.problems().stream().filter(p -> p.kind() == RestoreProblem.Kind.NO_SPACE).count();
        if (noSpace > 0) {
            root.context.err().println("dos: disk full: no space left on device in " + destination.toAbsolutePath()
                    + "; " + noSpace + " file" + (noSpace == 1 ? " was" : "s were") + " not written (nothing partial"
                    + " left): free some space and run the same command again, files already restored are kept");
        }
        if (!result.hasFailures()) {
            long refused = result.problems().stream().filter(p -> p.kind() == RestoreProblem.Kind.REFUSED).count();
            if (refused > 0) {
                root.context.err().println("dos: " + refused + " entr" + (refused == 1 ? "y was" : "ies were")
                        + " refused for safety (symlink pointing outside the destination, or a write through a symlink)");
                return ExitCode.PARTIAL;
            }
            return ExitCode.OK;
        }
        if (!result.damagedChunks().isEmpty()) {
            root.context.err().println("dos: damaged or missing chunks " + result.damagedChunks()
                    + "; the files they hold were not restored");
            return result.restoredEntries() > 0 ? ExitCode.PARTIAL : ExitCode.INTEGRITY;
        }
        return ExitCode.PARTIAL;
    }
}
