package dev.dos.app.cli;

import dev.dos.app.store.StoreSession;
import dev.dos.core.ops.DeleteOperation;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dos delete <batch>}: removes a batch from Discord and from the local index. */
@Command(name = "delete", aliases = "rm", mixinStandardHelpOptions = true,
        description = "Delete a batch: its card and thread on Discord, then its local rows. Safe to re-run if interrupted.")
final class DeleteCommand extends StoreCommand {
    @Parameters(paramLabel = "BATCH", description = "Batch id or unique prefix.")
    String batch;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    int run(StoreSession session) throws Exception {
        String id = new DeleteOperation(session.repository()).delete(batch);
        if (json) {
            printJson(Map.of("deleted", id));
        } else {
            out().println("deleted batch " + id);
        }
        return ExitCode.OK;
    }
}
