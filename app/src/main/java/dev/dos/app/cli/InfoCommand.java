package dev.dos.app.cli;

import dev.dos.app.results.BatchViews;
import dev.dos.app.store.StoreSession;
import dev.dos.core.format.ManifestEntry;
import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.ChunkRecord;
import dev.dos.core.ops.Catalog;
import dev.dos.core.ops.Sizes;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dos info <batch>}: a batch's metadata, entries and chunks. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Show a batch: its entries and chunks.")
final class InfoCommand extends StoreCommand {
    @Parameters(paramLabel = "BATCH", description = "Batch id or unique prefix.")
    String batch;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    boolean readsIndexOnly() {
        return true;
    }

    @Override
    int run(StoreSession session) throws Exception {
        BatchRecord b = Catalog.resolve(session.metadata(), batch);
        List<ManifestEntry> entries = session.metadata().entries(b.id(), null);
        List<ChunkRecord> chunks = session.metadata().chunks(b.id());
        if (json) {
            printJson(BatchViews.detail(b, entries, chunks));
            return ExitCode.OK;
        }
        out().println("batch    " + b.id());
        out().println("name     " + b.name());
        out().println("state    " + b.state().name().toLowerCase(java.util.Locale.ROOT));
        out().println("created  " + b.createdAt());
        out().println("size     " + Sizes.human(b.originalBytes()) + " original, " + Sizes.human(b.storedBytes())
                + " stored (" + b.codec() + ", format v" + b.formatVersion() + ")");
        out().println("chunks   " + b.chunkCount() + " in thread " + b.storageThreadId());
        out().println("entries  " + entries.size());
        for (ManifestEntry e : entries) {
            String kind = switch (e.type()) {
                case DIR -> "d";
                case SYMLINK -> "l";
                case FILE -> "-";
            };
            out().printf("  %s %04o %10s  %s%s%n", kind, e.mode(), e.type() == dev.dos.core.format.EntryType.FILE
                    ? Sizes.human(e.size()) : "", e.path(), e.linkTarget() == null ? "" : " -> " + e.linkTarget());
        }
        return ExitCode.OK;
    }
}
