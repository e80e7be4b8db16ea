package dev.dos.bench;

import dev.dos.core.ops.TransferOptions;
import java.time.Duration;
import java.util.List;

/**
 * The sizes one run uses. The full run is what docs/PERFORMANCE.md reports; the smoke run is a
 * scaled-down copy that exercises every figure in about two minutes on a loaded 2-core machine
 * (figures 4, 8 and 9 start a JVM per command through the real launcher), so CI keeps the suite
 * alive. Smoke figures are not results: the human output says so next to each.
 *
 * @param smoke             whether this is the smoke scale
 * @param pipelineBytes     input per kind (compressible, incompressible) for the pipeline figure
 * @param transferBytes     incompressible input uploaded and downloaded under Discord's limits
 * @param latency           per-request latency the emulator adds in the transfer figure
 * @param designBytes       mixed input for the comparison with the original design
 * @param rssInputs         inputs whose peak RSS is measured (the last one is reported in RESULT)
 * @param designHeap        -Xmx of both child JVMs of figure 3 (ours and the original design alike;
 *                          enough for the original design, which holds the archive whole)
 * @param rssHeap           -Xmx of the child JVMs of figure 4 (ours only)
 * @param metaBatches       batches in the metadata figure's database
 * @param metaEntriesPerBatch entries per batch there
 * @param metaRepeats       timed calls per metadata operation
 * @param transfers         how uploads and downloads drive the network (default: the CLI's default)
 * @param metaBigBatches    batches in the metadata figure's second, larger database (one entry each)
 * @param syncBatches       batches of the store the sync figure rebuilds
 */
record Scale(boolean smoke, long pipelineBytes, long transferBytes, Duration latency, long designBytes,
             List<Long> rssInputs, String designHeap, String rssHeap, int metaBatches, int metaEntriesPerBatch, int metaRepeats,
             TransferOptions transfers, int metaBigBatches, int syncBatches) {

    static final long MIB = 1024L * 1024;
    static final long GIB = 1024 * MIB;

    static Scale fullScale() {
        return new Scale(false, 256 * MIB, 500 * MIB, Duration.ofMillis(100), 100 * MIB,
                List.of(100 * MIB, GIB, 5 * GIB), "2g", "256m", 100_000, 10, 30,
                TransferOptions.defaults(), 1_000_000, 10_000);
    }

    static Scale smokeScale() {
        return new Scale(true, 12 * MIB, 24 * MIB, Duration.ofMillis(20), 16 * MIB,
                List.of(8 * MIB, 32 * MIB), "512m", "512m", 2_000, 10, 10,
                TransferOptions.defaults(), 20_000, 1_000);
    }

    Scale withTransfers(int count) {
        return new Scale(smoke, pipelineBytes, transferBytes, latency, designBytes, rssInputs, designHeap, rssHeap,
                metaBatches, metaEntriesPerBatch, metaRepeats, transfers.withTransfers(count), metaBigBatches, syncBatches);
    }

    /** Interleaved rounds of figure 1 (pipeline and primitives), per input kind. */
    int pipelineRounds() {
        return smoke ? 3 : 5;
    }

    /** Rounds of figure 2 (pack, limited upload and download, restore from memory). */
    int transferRounds() {
        return smoke ? 1 : 3;
    }

    /** Interleaved rounds of figure 9 (java -version, ./dos --version, ./dos list). */
    int startupRounds() {
        return smoke ? 2 : 9;
    }

    /** Batches in the index figure 9's {@code ./dos list} opens. */
    int listBatches() {
        return smoke ? 2_000 : 100_000;
    }

    String label() {
        return smoke ? "smoke" : "full";
    }
}
