package dev.dos.app.cli;

import dev.dos.app.results.OperationViews;
import dev.dos.app.store.StoreSession;
import dev.dos.core.ops.TransferPolicy;
import dev.dos.app.summary.ResultLines;
import dev.dos.core.compress.Codec;
import dev.dos.core.compress.Compression;
import dev.dos.core.ops.IncompleteUploadException;
import dev.dos.core.ops.UploadOperation;
import dev.dos.core.ops.UploadOptions;
import dev.dos.core.ops.UploadResult;
import dev.dos.core.pack.UnreadablePolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dos upload <path>...}: packs, compresses, encrypts and uploads files and folders as one batch. */
@Command(name = "upload", mixinStandardHelpOptions = true, description = "Upload files and folders as one new batch.")
final class UploadCommand extends StoreCommand {
    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files and folders to upload.")
    List<Path> paths;

    @Option(names = "--codec", defaultValue = "zstd", description = "Compression: zstd, gzip or none. Default: ${DEFAULT-VALUE}.")
    String codec;

    @Option(names = "--chunk-size", paramLabel = "BYTES", defaultValue = "0",
            description = "Chunk size in bytes (default: derived from the server's upload limit).")
    long chunkSize;

    /** The format's smallest chunk target (docs/FORMAT.md, chunk limits). */
    private static final long MIN_CHUNK_BYTES = 1024;

    @Option(names = "--follow-symlinks", description = "Store what symlinks point to instead of the links.")
    boolean followSymlinks;

    @Option(names = "--abort-on-unreadable", description = "Stop when a file cannot be read (default: skip it and report).")
    boolean abortOnUnreadable;

    @Option(names = "--label", description = {"A name for the batch (default: the names of the uploaded files and",
            "folders), shown by list and info; kept encrypted in the batch's manifest, never in clear on Discord."})
    String label;

    @Option(names = "--json", description = "Print one JSON object with the new batch_id.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @Mixin
    TransferMixin transfer = new TransferMixin();

    @Override
    int run(StoreSession session) throws Exception {
        TransferPolicy policy = transfer.policy();
        Compression compression;
        try {
            compression = Compression.of(Codec.valueOf(codec.strip().toUpperCase(java.util.Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCode.USAGE, "unknown codec '" + codec + "' (use zstd, gzip or none)");
        }
        if (chunkSize < 0 || (chunkSize > 0 && chunkSize < MIN_CHUNK_BYTES)) {
            throw new UserError(ExitCode.USAGE, "--chunk-size must be at least " + MIN_CHUNK_BYTES
                    + " bytes (or 0 to derive it from the server's upload limit)");
        }
        UploadOptions options;
        try {
            options = new UploadOptions(compression, chunkSize, followSymlinks,
                    abortOnUnreadable ? UnreadablePolicy.ABORT : UnreadablePolicy.SKIP_AND_REPORT, label);
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCode.USAGE, "--label: " + e.getMessage());
        }
        UploadResult result;
        try (InterruptGuard guard = new InterruptGuard(root.context.err())) {
            try (ProgressBars bars = progress(quiet || json)) {
                result = new UploadOperation(policy.pace(session.repository()), policy.options()).upload(paths, options, bars);
            } catch (IncompleteUploadException stopped) {
                return IncompleteUploads.report(root, root.context.err(), stopped);
            } catch (IOException | RuntimeException e) {
                if (Thread.interrupted()) { // handled here: cleared so the store closes cleanly
                    root.context.err().println("upload interrupted before anything was stored");
                    return ExitCode.INTERRUPTED;
                }
                throw e;
            }
        }
        if (json) {
            printJson(OperationViews.upload(result));
        } else {
            out().println(ResultLines.upload(result));
        }
        return result.warnings().isEmpty() ? ExitCode.OK : ExitCode.PARTIAL;
    }
}
