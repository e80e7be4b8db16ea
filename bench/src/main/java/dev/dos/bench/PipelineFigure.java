package dev.dos.bench;

import dev.dos.core.crypto.MasterKey;
import dev.dos.core.format.BatchId;
import dev.dos.core.format.ChunkTarget;
import dev.dos.core.ops.ProgressListener;
import dev.dos.core.ops.UploadOperation;
import dev.dos.core.ops.UploadOptions;
import dev.dos.core.ops.UploadResult;
import dev.dos.core.pack.BatchPacker;
import dev.dos.core.pack.PackOptions;
import dev.dos.emulator.FaultConfig;
import dev.dos.emulator.RateLimitConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Figure 1: the whole upload pipeline (walk, tar, zstd, AES-GCM, hashes, chunking, the local index
 * and posting through the real Discord client) against an emulator with no rate limits and no
 * latency, as input bytes per second, against the slowest of its primitives run alone on the
 * same bytes. A ratio of 1 would mean the pipeline costs no more than its slowest stage alone.
 *
 * <p>The pipeline and the primitives are measured <b>interleaved</b>: each round runs the upload,
 * the pack-only run and one pass of every primitive back to back (every other round in the
 * opposite order), and the round's ratio compares the pipeline with the primitives of that same
 * round. The figure is the median of the rounds' ratios, per input kind. Measured once each at
 * different moments (as before issue 16), a load that came and went between the two moved the
 * ratio by 6x on a shared machine; interleaved, a load slows both sides of a round alike.
 */
final class PipelineFigure {
    /** One input kind over all rounds; arrays are per round, in round order. */
    record Result(Inputs.Kind kind, long inputBytes, long storedBytes, double[] pipelineRates, double[] packOnlyRates,
                  List<Primitives.Rates> primitives) {
        double[] ratios() {
            double[] r = new double[pipelineRates.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = pipelineRates[i] / primitives.get(i).slowest();
            }
            return r;
        }

        /** The median over rounds of pipeline rate / slowest primitive's rate of the same round. */
        double ratio() {
            return Units.median(ratios());
        }

        /** "text" or "random", the suffix of its RESULT key. */
        String label() {
            return kind == Inputs.Kind.COMPRESSIBLE ? "text" : "random";
        }
    }

    private final Scale scale;
    private final Path work;
    private final PrintStream out;

    PipelineFigure(Scale scale, Path work, PrintStream out) {
        this.scale = scale;
        this.work = work;
        this.out = out;
    }

    List<Result> run() throws Exception {
        out.printf("== 1. pipeline vs its slowest primitive (emulator without limits or latency), %d rounds"
                + " interleaved, medians%n", scale.pipelineRounds());
        warmUp();
        Result compressible = measure(Inputs.Kind.COMPRESSIBLE);
        Result incompressible = measure(Inputs.Kind.INCOMPRESSIBLE);
        return List.of(compressible, incompressible);
    }

    /** One small upload of each kind first, so the timed runs do not pay for class loading and JIT. */
    private void warmUp() throws Exception {
        for (Inputs.Kind kind : List.of(Inputs.Kind.COMPRESSIBLE, Inputs.Kind.INCOMPRESSIBLE)) {
            Path input = work.resolve("warm-" + kind);
            Inputs.write(input, kind, 8 * Scale.MIB, 1);
            upload(input, work.resolve("warm-" + kind + ".db"));
            pack(input);
            Primitives.pass(Primitives.Blocks.of(Inputs.blocks(input, ChunkTarget.DEFAULT.bytes())));
            Inputs.delete(input);
        }
    }

    private Result measure(Inputs.Kind kind) throws Exception {
        Path input = work.resolve("pipeline-" + kind.name().toLowerCase());
        long bytes = Inputs.write(input, kind, scale.pipelineBytes(), 7);
        Primitives.Blocks blocks = Primitives.Blocks.of(Inputs.blocks(input, ChunkTarget.DEFAULT.bytes()));
        Primitives.pass(blocks); // untimed: the primitives' warm-up on these very bytes
        int rounds = scale.pipelineRounds();
        double[] pipeline = new double[rounds];
        double[] packOnly = new double[rounds];
        List<Primitives.Rates> primitives = new ArrayList<>();
        UploadResult last = null;
        for (int i = 0; i < rounds; i++) {
            Path db = Files.createDirectories(work.resolve("pipeline-" + kind + "-" + i)).resolve("index.db");
            Primitives.Rates rates;
            if (i % 2 == 0) {
                UploadTimed up = upload(input, db);
                last = up.result();
                pipeline[i] = bytes * 1e9 / up.nanos();
                packOnly[i] = bytes * 1e9 / pack(input);
                rates = Primitives.pass(blocks);
            } else {
                rates = Primitives.pass(blocks);
                packOnly[i] = bytes * 1e9 / pack(input);
                UploadTimed up = upload(input, db);
                last = up.result();
                pipeline[i] = bytes * 1e9 / up.nanos();
            }
            primitives.add(rates);
            Inputs.delete(db.getParent());
        }
        Inputs.delete(input);
        Result r = new Result(kind, bytes, last.storedBytes(), pipeline, packOnly, List.copyOf(primitives));
        double[] ratios = r.ratios();
        out.printf("  %-6s (%s) input %s -> stored %s in %d chunks (%.2fx)%n", r.label(), kind.name().toLowerCase(),
                Units.size(bytes), Units.size(last.storedBytes()), last.chunkCount(), bytes / (double) last.storedBytes());
        for (int i = 0; i < rounds; i++) {
            Primitives.Rates p = primitives.get(i);
            out.printf("    round %d%s: upload %s  pack only %s | alone: SHA-256 %s  AES-256-GCM %s  zstd -%d %s"
                            + " (sliced GCM %s) | slowest %s -> %s%n", i + 1, i % 2 == 0 ? " (pipeline first)" : " (primitives first)",
                    Units.rate(pipeline[i]), Units.rate(packOnly[i]), Units.rate(p.sha256()), Units.rate(p.aesGcm()),
                    Primitives.LEVEL, Units.rate(p.zstd()), Units.rate(p.aesGcmSliced()), p.slowestName(),
                    Units.ratio(ratios[i]));
        }
        out.printf("    medians: upload (pipeline) %s   pack only, no remote or index %s   slowest primitive %s%n",
                Units.rate(Units.median(pipeline)), Units.rate(Units.median(packOnly)),
                Units.rate(Units.median(primitives.stream().mapToDouble(Primitives.Rates::slowest).toArray())));
        out.printf("    pipeline / slowest primitive, median of %d rounds = %s (rounds from %s to %s)%n", rounds,
                Units.ratio(r.ratio()), Units.ratio(Units.quantile(ratios, 0)), Units.ratio(Units.quantile(ratios, 1)));
        return r;
    }

    private record UploadTimed(UploadResult result, long nanos) {
    }

    /** One upload of {@code input} to a fresh in-memory emulator without limits, its index at {@code db}. */
    private UploadTimed upload(Path input, Path db) throws Exception {
        try (EmulatedStore store = EmulatedStore.start(RateLimitConfig.disabled(), FaultConfig.none(), db)) {
            long start = System.nanoTime();
            UploadResult result = new UploadOperation(store.repo(), scale.transfers()).upload(List.of(input),
                    UploadOptions.defaults(), ProgressListener.NONE);
            return new UploadTimed(result, System.nanoTime() - start);
        }
    }

    /** Packs {@code input} as a batch whose chunks are dropped: the CPU part of an upload alone. */
    static long pack(Path input) throws Exception {
        long start = System.nanoTime();
        new BatchPacker(MasterKey.generate(), PackOptions.defaults()).pack(BatchId.random(), List.of(input), chunk -> {
        });
        return System.nanoTime() - start;
    }
}
