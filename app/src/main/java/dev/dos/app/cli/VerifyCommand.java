package dev.dos.app.cli;

import dev.dos.app.results.OperationViews;
import dev.dos.app.store.StoreSession;
import dev.dos.core.ops.TransferPolicy;
import dev.dos.app.summary.ResultLines;
import dev.dos.core.meta.BatchQuery;
import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.BatchState;
import dev.dos.core.ops.VerifyOperation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dos verify <batch>|--all [--deep]}: checks that stored chunks (and, deep, files) are intact. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Verify batches. Quick: re-download every chunk and check its SHA-256.",
                "Deep: also decrypt, decompress and check every file's SHA-256."})
final class VerifyCommand extends StoreCommand {
    static final class Target {
        @Parameters(paramLabel = "BATCH", description = "Batch id or unique prefix.")
        String batch;

        @Option(names = "--all", description = "Verify every complete batch.")
        boolean all;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--deep", description = "Decrypt and check every file too.")
    boolean deep;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @Mixin
    TransferMixin transfer = new TransferMixin();

    @Override
    int run(StoreSession session) throws Exception {
        TransferPolicy policy = transfer.policy();
        List<String> ids = new ArrayList<>();
        if (target.all) {
            session.repository().metadata().listBatches(BatchQuery.all().inStates(Set.of(BatchState.COMPLETE))
                    .page(0, Integer.MAX_VALUE)).items().stream().map(BatchRecord::id).forEach(ids::add);
        } else {
            ids.add(target.batch);
        }
        List<VerifyOperation.Report> reports = new ArrayList<>();
        VerifyOperation op = new VerifyOperation(policy.pace(session.repository()), policy.options());
        for (String id : ids) {
            try (ProgressBars bars = progress(quiet || json)) {
                reports.add(op.verify(id, deep, bars));
            }
        }
        boolean ok = reports.stream().allMatch(VerifyOperation.Report::ok);
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("ok", ok);
            out.put("batches", reports.stream().map(OperationViews::verify).toList());
            printJson(out);
        } else {
            for (VerifyOperation.Report r : reports) {
                if (r.foreignPosts() > 0) {
                    root.context.err().printf("warning: batch %s: %d post(s) in its threads were not made by our bot;"
                            + " ignored (someone with access to the storage channel posted there)%n", r.batchId(),
                            r.foreignPosts());
                }
                out().println(ResultLines.verify(r));
                for (VerifyOperation.BadChunk c : r.badChunks()) {
                    out().printf("  chunk %d: %s%n    affects: %s%n", c.index(), c.reason(), String.join(", ", c.affectedPaths()));
                }
                for (String f : r.badFiles()) {
                    out().printf("  file failed: %s%n", f);
                }
            }
            if (reports.isEmpty()) {
                out().println("no complete batches to verify");
            }
        }
        return ok ? ExitCode.OK : ExitCode.INTEGRITY;
    }
}
