package dev.dos.app.cli;

import dev.dos.app.results.BatchViews;
import dev.dos.app.store.StoreSession;
import dev.dos.core.meta.BatchQuery;
import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.BatchSort;
import dev.dos.core.meta.BatchState;
import dev.dos.core.meta.Page;
import dev.dos.core.ops.ResumeOperation;
import dev.dos.core.ops.Sizes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dos list}: the batches in the local index. */
@Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true, description = "List batches.")
final class ListCommand extends StoreCommand {
    @Option(names = "--search", paramLabel = "TEXT", description = "Only batches whose name contains TEXT.")
    String search;

    @Option(names = "--limit", defaultValue = "50", description = "Most batches to show. Default: ${DEFAULT-VALUE}.")
    int limit;

    @Option(names = "--offset", defaultValue = "0", description = "Skip this many batches.")
    int offset;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    boolean readsIndexOnly() {
        return true;
    }

    @Override
    int run(StoreSession session) throws Exception {
        if (limit < 1 || offset < 0) {
            throw new UserError(ExitCode.USAGE, "--limit must be >= 1 and --offset >= 0");
        }
        // An upload killed without a word leaves its batch UPLOADING: show it as incomplete.
        ResumeOperation.reclaimAbandoned(session.metadata());
        BatchQuery query = BatchQuery.all().sortedBy(BatchSort.CREATED, true).page(offset, limit);
        if (search != null) {
            query = query.nameContaining(search);
        }
        Page<BatchRecord> page = session.metadata().listBatches(query);
        if (json) {
            printJson(BatchViews.page(page));
            return ExitCode.OK;
        }
        if (page.items().isEmpty()) {
            out().println("no batches" + (search == null ? " yet: try 'dos upload <path>'" : " match"));
            return ExitCode.OK;
        }
        out().printf("%-10s %-20s %-10s %10s %10s %6s  %s%n", "ID", "CREATED", "STATE", "ORIGINAL", "STORED", "CHUNKS", "NAME");
        for (BatchRecord b : page.items()) {
            out().printf("%-10s %-20s %-10s %10s %10s %6d  %s%n", b.id().substring(0, 8),
                    b.createdAt().toString().substring(0, 19).replace('T', ' '),
                    b.state().name().toLowerCase(java.util.Locale.ROOT), Sizes.human(b.originalBytes()),
                    Sizes.human(b.storedBytes()), b.chunkCount(), b.name());
        }
        if (page.hasMore()) {
            out().printf("(%d of %d shown; use --offset/--limit)%n", page.items().size(), page.total());
        }
        if (page.items().stream().anyMatch(b -> b.state() == BatchState.INCOMPLETE)) {
            out().println("incomplete batches can be continued: see 'dos resume'");
        }
        return ExitCode.OK;
    }
}
