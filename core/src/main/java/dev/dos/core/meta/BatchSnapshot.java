package dev.dos.core.meta;

import dev.dos.core.format.ManifestEntry;
import java.util.List;
import java.util.Objects;

/**
 * Everything the index holds about one batch except its local-only resume source: what a sync or
 * rebuild reads back from the remote and stores in one step.
 *
 * @param batch             the batch row
 * @param chunks            all its chunks; each must belong to {@code batch}
 * @param encryptedManifest the sealed manifest; null if not (yet) known
 * @param entries           the decrypted manifest entries, in manifest order; empty if not known
 * @param lanes             the batch's further lanes (containers 1 .. L-1, as its card lists them; lane 0
 *                          is the batch's {@link BatchRecord#storageThreadId()}); empty for one lane
 */
public record BatchSnapshot(BatchRecord batch, List<ChunkRecord> chunks, byte[] encryptedManifest,
                            List<ManifestEntry> entries, List<String> lanes) {
    public BatchSnapshot {
        Objects.requireNonNull(batch, "batch");
        chunks = List.copyOf(chunks);
        entries = List.copyOf(entries);
        lanes = List.copyOf(lanes);
        for (ChunkRecord chunk : chunks) {
            if (!chunk.batchId().equals(batch.id())) {
                throw new IllegalArgumentException("chunk " + chunk.index() + " belongs to " + chunk.batchId()
                        + ", not " + batch.id());
            }
        }
    }

    /** A batch of one lane (or whose further lanes are not known). */
    public BatchSnapshot(BatchRecord batch, List<ChunkRecord> chunks, byte[] encryptedManifest,
                         List<ManifestEntry> entries) {
        this(batch, chunks, encryptedManifest, entries, List.of());
    }
}
