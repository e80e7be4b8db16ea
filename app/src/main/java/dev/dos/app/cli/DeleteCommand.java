package dev.dos.app.cli;

import dev.dos.app.store.StoreSession;
import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.BatchState;
import dev.dos.core.ops.DeleteOperation;
import dev.dos.core.remote.RemoteException;
import java.util.Map;
import java.util.Optional;
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
        String id;
        try {
            id = new DeleteOperation(session.repository()).delete(batch);
        } catch (RemoteException e) {
            throw halfDone(session, e);
        }
        if (json) {
            printJson(Map.of("deleted", id));
        } else {
            out().println("deleted batch " + id);
        }
        return ExitCode.OK;
    }

    /**
     * A delete that Discord stopped after it began (a permission taken away, say) leaves the batch
     * marked DELETING: the refusal's line then also says that running the delete again finishes it.
     */
    private Exception halfDone(StoreSession session, RemoteException e) {
        Optional<BatchRecord> left = session.repository().metadata().findBatchByPrefix(batch);
        if (left.isEmpty() || left.get().state() != BatchState.DELETING) {
            return e;
        }
        ErrorReporter.Failure failure = ErrorReporter.classify(e);
        return new UserError(failure.code(), failure.message() + "; batch " + left.get().id()
                + " is half deleted: once that is fixed, run 'dos delete " + left.get().id() + "' again to finish", e);
    }
}
