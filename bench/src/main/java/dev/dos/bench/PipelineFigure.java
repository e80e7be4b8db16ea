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
import java.nio.file.Path;
import java.util.List;

/**
 * Figure 1: the whole upload pipeline (walk, tar, zstd, AES-GCM, hashes, chunking, the local index
 * and posting through the real Discord client) against an emulator with no rate limits and no
 * latency, as input bytes per second, against the slowest of its primitives run alone on the
 * same bytes. A ratio of 1 would mean the pipeline costs no more than its slowest stage alone.
 */
final class PipelineFigure {
    record Result(Inputs.Kind kind, long inputBytes, long storedBytes, double pipelineRate, double packOnlyRate,
                  Primitives.Rates primitives) {
        double ratio() {
            return pipelineRate / primitives.slowest();
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
        out.println("== 1. pipeline vs its slowest primitive (emulator without limits or latency)");
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
            try (EmulatedStore store = EmulatedStore.start(RateLimitConfig.disabled(), FaultConfig.none(),
                    work.resolve("warm-" + kind + ".db"))) {
                new UploadOperation(store.repo(), scale.transfers()).upload(List.of(input), UploadOptions.defaults(), ProgressListener.NONE);
            }
            pack(input);
            Inputs.delete(input);
        }
    }

    private Result measure(Inputs.Kind kind) throws Exception {
        Path input = work.resolve("pipeline-" + kind.name().toLowerCase());
        long bytes = Inputs.write(input, kind, scale.pipelineBytes(), 7);
        UploadResult result;
        long uploadNanos;
        try (EmulatedStore store = EmulatedStore.start(RateLimitConfig.disabled(), FaultConfig.none(),
                work.resolve("pipeline-" + kind + ".db"))) {
            long start = System.nanoTime();
            result = new UploadOperation(store.repo(), scale.transfers()).upload(List.of(input), UploadOptions.defaults(),
                    ProgressListener.NONE);
            uploadNanos = System.nanoTime() - start;
        }
        long packNanos = pack(input);
        Primitives.Rates rates = Primitives.measure(Inputs.blocks(input, ChunkTarget.DEFAULT.bytes()), scale.smoke() ? 1 : 2);
        Inputs.delete(input);
        Result r = new Result(kind, bytes, result.storedBytes(), bytes * 1e9 / uploadNanos, bytes * 1e9 / packNanos, rates);
        out.printf("  %-14s input %s -> stored %s in %d chunks%n", kind.name().toLowerCase(), Units.size(bytes),
                Units.size(result.storedBytes()), result.chunkCount());
        out.printf("    upload (pipeline) %s   pack only, no remote or index %s%n", Units.rate(r.pipelineRate()),
                Units.rate(r.packOnlyRate()));
        out.printf("    alone: SHA-256 %s   AES-256-GCM %s   zstd -%d %s   slowest: %s%n", Units.rate(rates.sha256()),
                Units.rate(rates.aesGcm()), Primitives.LEVEL, Units.rate(rates.zstd()), rates.slowestName());
        out.printf("    (AES-256-GCM fed in 64 KiB updates instead, not as dos calls it: %s)%n",
                Units.rate(rates.aesGcmSliced()));
        out.printf("    pipeline / slowest primitive = %s%n", Units.ratio(r.ratio()));
        return r;
    }

    /** Packs {@code input} as a batch whose chunks are dropped: the CPU part of an upload alone. */
    private static long pack(Path input) throws Exception {
        long start = System.nanoTime();
        new BatchPacker(MasterKey.generate(), PackOptions.defaults()).pack(BatchId.random(), List.of(input), chunk -> {
        });
        return System.nanoTime() - start;
    }
}
