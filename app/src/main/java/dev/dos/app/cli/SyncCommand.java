package dev.dos.app.cli;

import dev.dos.app.results.OperationViews;
import dev.dos.app.s3.S3StoreSync;
import dev.dos.app.store.StoreSession;
import dev.dos.app.summary.ResultLines;
import dev.dos.core.ops.Sizes;
import dev.dos.core.ops.SyncIssue;
import dev.dos.core.ops.SyncOperation;
import dev.dos.core.ops.SyncReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dos sync [--reset] [--deep]}: brings the local index in line with what Discord stores. */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = {"Update the local index from Discord: add batches uploaded from other machines with the"
                + " same key, drop batches deleted elsewhere, and report cards and threads that disagree.",
                "With --reset, rebuild the whole index from Discord alone (after losing the database, or to"
                        + " recheck every batch): the batch cards and the list of threads are read, not the"
                        + " threads; where each chunk is stored is looked up when a download or verify needs it.",
                "With --deep, also read every thread: --reset --deep finds every chunk now (and names missing"
                        + " ones), and a plain --deep notices threads that vanished and batches deleted by older"
                        + " dos versions, which leave no deletion record.",
                "When the key has an S3 store (dos serve s3), its buckets are synced too (--reset rebuilds"
                        + " them); skipped, with the reason, while a gateway serves the store."},
        footer = {"", "Exit status: 0 when the remote had nothing to report, 6 when some batch was recorded as"
                + " damaged or incomplete, or skipped (another key's)."})
final class SyncCommand extends StoreCommand {
    /** Beyond this many chunk indexes a text report says how many more there are. */
    private static final int MAX_LISTED_CHUNKS = 20;

    @Option(names = "--reset", description = "Read every batch card again and rebuild the whole index from Discord.")
    boolean reset;

    @Option(names = "--deep", description = "Also list every thread (with --reset: read every thread): slower,"
            + " about one request per batch.")
    boolean deep;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @Override
    int run(StoreSession session) throws Exception {
        SyncOperation operation = new SyncOperation(session.repository());
        SyncReport report;
        try (SyncProgressBar bar = new SyncProgressBar(root.context.err(), !(quiet || json), root.context.stderrIsTerminal())) {
            report = reset ? operation.reset(bar, deep) : operation.sync(bar, deep);
        }
        S3StoreSync.Outcome s3 = S3StoreSync.run(session, reset);
        if (json) {
            Map<String, Object> out = OperationViews.sync(report);
            out.put("s3", view(s3));
            printJson(out);
        } else {
            printSummary(report);
            printS3(s3);
        }
        return report.clean() ? ExitCode.OK : ExitCode.PARTIAL;
    }

    private static Map<String, Object> view(S3StoreSync.Outcome s3) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", s3.status().name().toLowerCase(Locale.ROOT));
        if (s3.totals() != null) {
            out.put("buckets", s3.totals().buckets());
            out.put("objects", s3.totals().objects());
            out.put("bytes", s3.totals().bytes());
        }
        out.put("reason", s3.reason());
        return out;
    }

    /** One line about the S3 gateway's buckets, when this store has them. */
    private void printS3(S3StoreSync.Outcome s3) {
        switch (s3.status()) {
            case NONE -> {
                if (s3.reason() != null) {
                    out().println("S3 buckets: none: " + s3.reason());
                }
            }
            case SKIPPED -> out().println("S3 buckets: skipped: " + s3.reason());
            case SYNCED, REBUILT -> out().printf("S3 buckets: %s, %d bucket%s, %d object%s, %s%n",
                    s3.status() == S3StoreSync.Status.REBUILT ? "rebuilt" : "up to date",
                    s3.totals().buckets(), s3.totals().buckets() == 1 ? "" : "s",
                    s3.totals().objects(), s3.totals().objects() == 1 ? "" : "s", Sizes.human(s3.totals().bytes()));
        }
    }

    private void printSummary(SyncReport report) {
        out().println(ResultLines.sync(report));
        // Added batches show in 'dos list'; updates and removals are rare and worth naming.
        report.updated().forEach(id -> out().println("  updated " + id));
        report.removed().forEach(id -> out().println("  removed " + id + " (no longer on Discord)"));
        if (report.clean()) {
            return;
        }
        out().printf("%d problem%s found:%n", report.issues().size(), report.issues().size() == 1 ? "" : "s");
        for (SyncIssue issue : report.issues()) {
            out().printf("  %s %s: %s%n    -> %s%n", label(issue.kind()), issue.batchId(), describe(issue),
                    outcome(issue));
        }
    }

    private static String label(SyncIssue.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String describe(SyncIssue issue) {
        if (issue.chunks().isEmpty()) {
            return issue.detail();
        }
        List<Integer> chunks = issue.chunks();
        String listed = chunks.stream().limit(MAX_LISTED_CHUNKS).map(String::valueOf).collect(Collectors.joining(", "));
        String more = chunks.size() > MAX_LISTED_CHUNKS ? " and " + (chunks.size() - MAX_LISTED_CHUNKS) + " more" : "";
        return "chunk" + (chunks.size() == 1 ? " " : "s ") + listed + more + ": " + issue.detail();
    }

    private static String outcome(SyncIssue issue) {
        String shortId = issue.batchId().substring(0, 8);
        if (issue.kind() == SyncIssue.Kind.FOREIGN_POSTS) {
            return "ignored, never trusted: someone other than our bot posted it (delete it in Discord,"
                    + " and check who may post in the dos channels)";
        }
        if (issue.recordedAs() == null) {
            return "not recorded";
        }
        return switch (issue.recordedAs()) {
            case INCOMPLETE, UPLOADING -> "recorded as " + issue.recordedAs().name().toLowerCase(Locale.ROOT)
                    + "; 'dos delete " + shortId + "' removes what was uploaded";
            case DAMAGED -> switch (issue.kind()) {
                case MISSING_CHUNKS -> "recorded as damaged; 'dos download " + shortId
                        + "' restores the files in the other chunks";
                case CARD_WITHOUT_THREAD -> "recorded as damaged; nothing of it can be restored; 'dos delete "
                        + shortId + "' removes its card";
                default -> "recorded as damaged";
            };
            default -> "recorded as " + issue.recordedAs().name().toLowerCase(Locale.ROOT);
        };
    }
}
