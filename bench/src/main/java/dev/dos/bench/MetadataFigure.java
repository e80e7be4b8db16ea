package dev.dos.bench;

import dev.dos.core.crypto.MasterKey;
import dev.dos.core.meta.BatchQuery;
import dev.dos.core.meta.BatchSort;
import dev.dos.core.meta.SqliteMetadataStore;
import dev.dos.core.ops.Catalog;
import dev.dos.core.ops.ProgressListener;
import dev.dos.core.ops.Repository;
import dev.dos.core.ops.ResumeOperation;
import dev.dos.core.ops.UploadOperation;
import dev.dos.core.ops.UploadOptions;
import dev.dos.core.remote.memory.InMemoryRemote;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Figure 5: latency of what {@code dos list}, {@code dos info} and {@code dos stats} ask the local
 * index for (the same calls, through the same store API), on an index of 100,000 batches and
 * 1,000,000 entries and on one of 1,000,000 batches (a folder and a file each), against the same calls on an
 * index holding one batch. Opening the index, which every command does once, is timed too.
 */
final class MetadataFigure {
    record Op(String name, double tinyMedianMs, double bigMedianMs, double bigP95Ms, double hugeMedianMs,
              double hugeP95Ms) {
        double ratio() {
            return bigMedianMs / tinyMedianMs;
        }

        double hugeRatio() {
            return hugeMedianMs / tinyMedianMs;
        }
    }

    private interface Call {
        void run(int i) throws Exception;
    }

    private final Scale scale;
    private final Path work;
    private final PrintStream out;

    MetadataFigure(Scale scale, Path work, PrintStream out) {
        this.scale = scale;
        this.work = work;
        this.out = out;
    }

    List<Op> run() throws Exception {
        out.printf("== 5. metadata latency: %,d batches and %,d entries vs one batch%n", scale.metaBatches(),
                (long) scale.metaBatches() * scale.metaEntriesPerBatch());
        Path files = work.resolve("meta-files");
        Inputs.writeSmallFiles(files, scale.metaEntriesPerBatch() - 1, 4096, 41); // + the folder = entries per batch
        Path tiny = work.resolve("meta-tiny/metadata.db");
        Path big = work.resolve("meta-big/metadata.db");
        Path huge = work.resolve("meta-huge/metadata.db");
        Path one = work.resolve("meta-one-file");
        Inputs.writeSmallFiles(one, 1, 4096, 43);
        uploadOne(files, tiny);
        uploadOne(files, big);
        uploadOne(one, huge);
        long start = System.nanoTime();
        IndexCloner.Filled filled = IndexCloner.clone(big, scale.metaBatches() - 1);
        out.printf("  filled in %s: one batch uploaded through the store API, then copied %,d times by a bench-only"
                        + " SQL loader in one transaction; %,d batches, %,d entries, %,d chunk rows, file %s%n",
                Units.seconds(System.nanoTime() - start), scale.metaBatches() - 1, filled.batches(), filled.entries(),
                filled.chunks(), Units.size(Files.size(big)));
        start = System.nanoTime();
        IndexCloner.Filled hugeFilled = IndexCloner.clone(huge, scale.metaBigBatches() - 1);
        out.printf("  and in %s a second index: %,d batches, %,d entries, %,d chunk rows, file %s%n",
                Units.seconds(System.nanoTime() - start), hugeFilled.batches(), hugeFilled.entries(),
                hugeFilled.chunks(), Units.size(Files.size(huge)));
        List<Op> ops = new ArrayList<>();
        for (String op : List.of("open", "list", "info", "stats")) {
            double[] tinyMs = time(tiny, op);
            double[] bigMs = time(big, op);
            double[] hugeMs = time(huge, op);
            ops.add(new Op(op, Units.quantile(tinyMs, 0.5), Units.quantile(bigMs, 0.5), Units.quantile(bigMs, 0.95),
                    Units.quantile(hugeMs, 0.5), Units.quantile(hugeMs, 0.95)));
        }
        String bigLabel = String.format(java.util.Locale.ROOT, "%,d", scale.metaBatches());
        String hugeLabel = String.format(java.util.Locale.ROOT, "%,d", scale.metaBigBatches());
        out.printf("  %-6s %12s %14s %14s %10s %16s %16s %10s%n", "call", "1 batch p50", bigLabel + " p50",
                bigLabel + " p95", "ratio", hugeLabel + " p50", hugeLabel + " p95", "ratio");
        for (Op op : ops) {
            out.printf("  %-6s %12s %14s %14s %10s %16s %16s %10s%n", op.name(), Units.ms(op.tinyMedianMs()),
                    Units.ms(op.bigMedianMs()), Units.ms(op.bigP95Ms()), Units.ratio(op.ratio()),
                    Units.ms(op.hugeMedianMs()), Units.ms(op.hugeP95Ms()), Units.ratio(op.hugeRatio()));
        }
        out.println("  (list = reclaim abandoned uploads + newest 50; info = resolve an 8-character prefix + entries"
                + " + chunks; stats = totals; open = open and close the index)");
        Inputs.delete(files);
        Inputs.delete(one);
        for (Path db : List.of(big, huge)) {
            Inputs.delete(db.getParent());
        }
        return ops;
    }

    private static void uploadOne(Path files, Path database) throws Exception {
        Files.createDirectories(database.getParent());
        try (SqliteMetadataStore metadata = SqliteMetadataStore.open(database);
             InMemoryRemote remote = new InMemoryRemote()) {
            new UploadOperation(new Repository(remote, metadata, MasterKey.generate()))
                    .upload(List.of(files), UploadOptions.defaults(), ProgressListener.NONE);
        }
    }

    /** {@code scale.metaRepeats()} timings in ms of one call, after a few untimed ones. */
    private double[] time(Path database, String op) throws Exception {
        List<String> prefixes = IndexCloner.uniquePrefixes(database, 8, scale.metaRepeats());
        if (op.equals("open")) {
            return repeat(i -> SqliteMetadataStore.open(database).close());
        }
        try (SqliteMetadataStore metadata = SqliteMetadataStore.open(database);
             InMemoryRemote remote = new InMemoryRemote()) {
            Repository repo = new Repository(remote, metadata, MasterKey.generate());
            Call call = switch (op) {
                case "list" -> i -> {
                    new ResumeOperation(repo).reclaimAbandoned();
                    Primitives.sink ^= metadata.listBatches(BatchQuery.all().sortedBy(BatchSort.CREATED, true)
                            .page(0, 50)).items().size();
                };
                case "info" -> i -> {
                    String id = new Catalog(repo).resolve(prefixes.get(i % prefixes.size())).id();
                    Primitives.sink ^= metadata.entries(id, null).size() + metadata.chunks(id).size();
                };
                case "stats" -> i -> Primitives.sink ^= metadata.stats().files();
                default -> throw new IllegalArgumentException(op);
            };
            return repeat(call);
        }
    }

    private double[] repeat(Call call) throws Exception {
        for (int i = 0; i < 3; i++) {
            call.run(i);
        }
        double[] ms = new double[scale.metaRepeats()];
        for (int i = 0; i < ms.length; i++) {
            long start = System.nanoTime();
            call.run(i);
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        return ms;
    }
}
