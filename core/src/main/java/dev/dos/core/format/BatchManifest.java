package dev.dos.core.format;

import dev.dos.core.compress.Compression;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything needed to restore a batch: its chunks and its entries in tar order, each with the
 * position of its first tar header (docs/FORMAT.md section 7). Encrypted with
 * {@link ManifestCodec} before it leaves the machine.
 *
 * @param batchId          the batch
 * @param createdAt        when packing finished
 * @param compression      codec and level the batch was written with (single chunks may be stored raw)
 * @param chunkTargetBytes the chunk size target used
 * @param originalBytes    sum of the files' sizes
 * @param tarBytes         length of the tar stream
 * @param chunks           one record per chunk, in index order
 * @param entries          in tar order, positions strictly increasing
 */
public record BatchManifest(BatchId batchId, Instant createdAt, Compression compression, int chunkTargetBytes,
                            long originalBytes, long tarBytes, List<ManifestChunk> chunks,
                            List<ManifestEntry> entries, String label) {
    public static final int FORMAT_VERSION = 1;

    /** A manifest without a label. */
    public BatchManifest(BatchId batchId, Instant createdAt, Compression compression, int chunkTargetBytes,
                         long originalBytes, long tarBytes, List<ManifestChunk> chunks, List<ManifestEntry> entries) {
        this(batchId, createdAt, compression, chunkTargetBytes, originalBytes, tarBytes, chunks, entries, null);
    }

    public BatchManifest {
        BatchLabels.check(label);
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(compression, "compression");
        chunks = List.copyOf(chunks);
        entries = List.copyOf(entries);
        if (chunks.isEmpty()) {
            throw new IllegalArgumentException("a batch has at least one chunk");
        }
        for (int i = 0; i < chunks.size(); i++) {
            if (chunks.get(i).index() != i) {
                throw new IllegalArgumentException("chunk records out of order at " + i);
            }
        }
        ManifestEntry previous = null;
        for (ManifestEntry entry : entries) {
            if (entry.chunkIndex() >= chunks.size()) {
                throw new IllegalArgumentException("entry " + entry.path() + " starts in chunk " + entry.chunkIndex()
                        + " of " + chunks.size());
            }
            if (previous != null && !startsBefore(previous, entry)) {
                throw new IllegalArgumentException("entry " + entry.path() + " does not start after " + previous.path());
            }
            previous = entry;
        }
        if (originalBytes < 0 || tarBytes < 0) {
            throw new IllegalArgumentException("negative totals");
        }
    }

    public int chunkCount() {
        return chunks.size();
    }

    /** This manifest with the user's label for the batch (null: none). */
    public BatchManifest withLabel(String newLabel) {
        return new BatchManifest(batchId, createdAt, compression, chunkTargetBytes, originalBytes, tarBytes, chunks,
                entries, newLabel);
    }

    /** Sum of the encoded chunk sizes: what the batch weighs on the remote. */
    public long storedBytes() {
        return chunks.stream().mapToLong(ManifestChunk::storedBytes).sum();
    }

    /** Where entry {@code i} starts. */
    public StreamPosition positionOf(int i) {
        ManifestEntry entry = entries.get(i);
        return new StreamPosition(entry.chunkIndex(), entry.offset());
    }

    /**
     * The chunks holding entry {@code i}: from its own start to where the next entry starts (the
     * chunk before, if the next one starts at offset 0), or to the last chunk.
     */
    public ChunkSpan spanOf(int i) {
        ManifestEntry entry = entries.get(i);
        int last;
        if (i + 1 < entries.size()) {
            ManifestEntry next = entries.get(i + 1);
            last = next.offset() == 0 ? next.chunkIndex() - 1 : next.chunkIndex();
        } else {
            last = chunks.size() - 1;
        }
        return new ChunkSpan(entry.chunkIndex(), Math.max(last, entry.chunkIndex()));
    }

    private static boolean startsBefore(ManifestEntry a, ManifestEntry b) {
        return a.chunkIndex() < b.chunkIndex() || a.chunkIndex() == b.chunkIndex() && a.offset() < b.offset();
    }
}
