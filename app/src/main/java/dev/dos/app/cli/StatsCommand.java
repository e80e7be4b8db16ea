package dev.dos.app.cli;

import dev.dos.app.results.StatsViews;
import dev.dos.app.store.StoreSession;
import dev.dos.app.summary.ResultLines;
import dev.dos.core.meta.StoreStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dos stats}: totals over the whole store. */
@Command(name = "stats", mixinStandardHelpOptions = true, description = "Show storage totals.")
final class StatsCommand extends StoreCommand {
    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    boolean readsIndexOnly() {
        return true;
    }

    @Override
    int run(StoreSession session) throws Exception {
        StoreStats s = session.metadata().stats();
        if (json) {
            printJson(StatsViews.stats(s));
        } else {
            out().println(ResultLines.stats(s));
        }
        return ExitCode.OK;
    }
}
