package dev.dos.app.cli;

import dev.dos.app.store.StoreSession;
import dev.dos.core.meta.StoreStats;
import dev.dos.core.ops.Sizes;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dos stats}: totals over the whole store. */
@Command(name = "stats", mixinStandardHelpOptions = true, description = "Show storage totals.")
final class StatsCommand extends StoreCommand {
    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    int run(StoreSession session) throws Exception {
        StoreStats s = session.repository().metadata().stats();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("batches", s.batches());
        m.put("files", s.files());
        m.put("stored_bytes", s.storedBytes());
        m.put("original_bytes", s.originalBytes());
        m.put("compression_ratio", s.compressionRatio());
        m.put("chunks", s.chunks());
        m.put("incomplete_uploads", s.incompleteUploads());
        m.put("damaged_batches", s.damagedBatches());
        m.put("last_verify", s.lastVerify().map(Object::toString).orElse(null));
        m.put("last_backup", s.lastBackup().map(Object::toString).orElse(null));
        if (json) {
            printJson(m);
        } else {
            out().printf("batches  %d%nfiles    %d%noriginal %s%nstored   %s (ratio %.2f)%nchunks   %d%nincomplete uploads %d%nlast verify %s%n", s.batches(),
                    s.files(), Sizes.human(s.originalBytes()), Sizes.human(s.storedBytes()), s.compressionRatio(), s.chunks(),
                    s.incompleteUploads(), s.lastVerify().map(Object::toString).orElse("never"));
        }
        return ExitCode.OK;
    }
}
