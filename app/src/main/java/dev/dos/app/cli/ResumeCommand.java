package dev.dos.app.cli;

import dev.dos.app.results.BatchViews;
import dev.dos.app.results.OperationViews;
import dev.dos.app.store.StoreSession;
import dev.dos.core.ops.TransferPolicy;
import dev.dos.app.summary.ResultLines;
import dev.dos.core.ops.IncompleteUploadException;
import dev.dos.core.ops.ResumeOperation;
import dev.dos.core.ops.ResumeResult;
import dev.dos.core.ops.Sizes;
import dev.dos.core.ops.UploadResult;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dos resume [<batch>]}: continues an interrupted upload, or lists the batches that can be
 * continued. Batches left UPLOADING by a process that died are found and listed too.
 */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {"Continue an interrupted upload from the first chunk not confirmed on Discord.",
                "Without BATCH, list the batches that can be resumed.",
                "Refuses (exit 7) if the files changed since the upload began: upload them again instead."})
final class ResumeCommand extends StoreCommand {
    @Parameters(arity = "0..1", paramLabel = "BATCH", description = "Batch id or unique prefix.")
    String batch;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @Mixin
    TransferMixin transfer = new TransferMixin();

    @Override
    int run(StoreSession session) throws Exception {
        TransferPolicy policy = transfer.policy();
        ResumeOperation resume = new ResumeOperation(policy.pace(session.repository()), policy.options());
        if (batch == null) {
            return list(resume.resumable());
        }
        ResumeResult result;
        try (InterruptGuard guard = new InterruptGuard(root.context.err())) {
            try (ProgressBars bars = progress(quiet || json)) {
                result = resume.resume(batch, bars);
            } catch (IncompleteUploadException stopped) {
                return IncompleteUploads.report(root, root.context.err(), stopped);
            }
        }
        UploadResult done = result.upload();
        if (json) {
            printJson(OperationViews.resume(result));
        } else {
            out().println(ResultLines.resume(result));
            out().printf("batch complete: %d entries, %s -> %s stored%n", done.entryCount(),
                    Sizes.human(done.originalBytes()), Sizes.human(done.storedBytes()));
        }
        return done.warnings().isEmpty() ? ExitCode.OK : ExitCode.PARTIAL;
    }

    private int list(List<ResumeOperation.Resumable> resumable) throws Exception {
        if (json) {
            List<Map<String, Object>> batches = resumable.stream().map(r -> {
                Map<String, Object> view = BatchViews.batch(r.batch());
                view.put("chunks_stored", r.chunksStored());
                view.put("chunks_packed", r.chunksPacked());
                view.put("resume_command", IncompleteUploads.resumeCommand(root, r.batch().id()));
                return view;
            }).toList();
            printJson(Map.of("resumable", batches));
            return ExitCode.OK;
        }
        if (resumable.isEmpty()) {
            out().println("nothing to resume: no upload was interrupted");
            return ExitCode.OK;
        }
        out().printf("%-10s %-20s %14s  %s%n", "ID", "CREATED", "CHUNKS STORED", "NAME");
        for (ResumeOperation.Resumable r : resumable) {
            out().printf("%-10s %-20s %14d  %s%n", r.batch().id().substring(0, 8),
                    r.batch().createdAt().toString().substring(0, 19).replace('T', ' '), r.chunksStored(),
                    r.batch().name());
        }
        out().println("continue one with: " + IncompleteUploads.resumeCommand(root, "<id>"));
        return ExitCode.OK;
    }
}
