package dev.dos.app.cli;

import dev.dos.app.store.StoreSession;
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
        List<String> ids = new ArrayList<>();
        if (target.all) {
            session.repository().metadata().listBatches(BatchQuery.all().inStates(Set.of(BatchState.COMPLETE))
                    .page(0, Integer.MAX_VALUE)).items().stream().map(BatchRecord::id).forEach(ids::add);
        } else {
            ids.add(target.batch);
        }
        List<VerifyOperation.Report> reports = new ArrayList<>();
        VerifyOperation op = new VerifyOperation(transfer.repository(session.repository()), transfer.options());
        for (String id : ids) {
            try (ProgressBars bars = progress(quiet || json)) {
                reports.add(op.verify(id, deep, bars));
            }
        }
        boolean ok = reports.stream().allMatch(VerifyOperation.Report::ok);
        if (json) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (VerifyOperation.Report r : reports) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("batch_id", r.batchId());
                m.put("deep", r.deep());
                m.put("ok", r.ok());
                m.put("chunks", r.chunks());
                m.put("bad_chunks", r.badChunks().stream().map(c -> Map.of("index", c.index(), "reason", c.reason(),
                        "affected_files", c.affectedPaths())).toList());
                m.put("bad_files", r.badFiles());
                m.put("card_problem", r.cardProblem());
                m.put("foreign_posts", r.foreignPosts());
                out.add(m);
            }
            printJson(Map.of("ok", ok, "batches", out));
        } else {
            for (VerifyOperation.Report r : reports) {
                if (r.foreignPosts() > 0) {
                    root.context.err().printf("warning: batch %s: %d post(s) in its threads were not made by our bot;"
                            + " ignored (someone with access to the storage channel posted there)%n", r.batchId(),
                            r.foreignPosts());
                }
                if (r.ok()) {
                    out().printf("batch %s: OK (%d chunks%s)%n", r.batchId(), r.chunks(), r.deep() ? ", all files checked" : "");
                    continue;
                }
                out().printf("batch %s: DAMAGED%n", r.batchId());
                for (VerifyOperation.BadChunk c : r.badChunks()) {
                    out().printf("  chunk %d: %s%n    affects: %s%n", c.index(), c.reason(), String.join(", ", c.affectedPaths()));
                }
                for (String f : r.badFiles()) {
                    out().printf("  file failed: %s%n", f);
                }
                if (r.cardProblem() != null) {
                    out().printf("  batch card: %s%n", r.cardProblem());
                }
            }
            if (reports.isEmpty()) {
                out().println("no complete batches to verify");
            }
        }
        return ok ? ExitCode.OK : ExitCode.INTEGRITY;
    }
}
