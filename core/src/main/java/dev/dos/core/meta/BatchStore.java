package dev.dos.core.meta;

import dev.dos.core.format.ManifestEntry;
import dev.dos.core.remote.BlobRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The index of batches, their chunks (the upload journal) and their manifest entries, with the
 * totals over them.
 *
 * <p>The index is a cache of what the remote stores: every batch describes itself remotely (index
 * card, manifest, chunks), so a lost index can be rebuilt ({@link #importBatch}). Resume sources are
 * the only local-only facts here.
 *
 * <p>Rules that hold for every method:
 * <ul>
 *   <li>Each call is atomic: a call that changes several rows changes all of them or none.</li>
 *   <li>Methods that change a named batch throw {@link MetadataException.NotFound} when it does not
 *       exist; {@code move*} methods return false when the record is in another state than expected
 *       (someone else moved it first); deletes of missing records return false.</li>
 *   <li>A database failure throws {@link MetadataException}.</li>
 *   <li>Implementations are safe for concurrent use from many (virtual) threads, and several
 *       processes may open the same file.</li>
 * </ul>
 */
public interface BatchStore {

    // ---- batches ----------------------------------------------------------------------------

    /** Adds a batch. Throws {@link MetadataException.AlreadyExists} if its id is taken. */
    void insertBatch(BatchRecord batch);

    /** Replaces every field of an existing batch (matched by id) with those of {@code batch}. */
    void updateBatch(BatchRecord batch);

    /**
     * Moves batch {@code id} from state {@code from} to {@code to} if it is in {@code from}; returns
     * whether it moved. Moving to COMPLETE also sets the completion time to now unless already set.
     *
     * @throws IllegalArgumentException if {@link BatchState#canMoveTo} forbids the move
     */
    boolean moveBatch(String id, BatchState from, BatchState to);

    /** The batch with exactly this id. */
    Optional<BatchRecord> batch(String id);

    /**
     * The one batch whose id starts with {@code prefix} (case-insensitive). Empty if none matches or
     * the prefix is not hex.
     *
     * @throws MetadataException.AmbiguousPrefix if several batches match
     * @throws IllegalArgumentException if the prefix is empty
     */
    Optional<BatchRecord> findBatchByPrefix(String prefix);

    /** One page of batches matching the query, and how many match in all. */
    Page<BatchRecord> listBatches(BatchQuery query);

    /** Removes a batch with its chunks, entries, manifest and source. */
    boolean deleteBatch(String id);

    /** Stores the resume source description (JSON: roots, sizes, mtimes) of a batch, replacing any. */
    void saveSource(String batchId, String sourceJson);

    /** The resume source description of a batch, if one was saved. */
    Optional<String> source(String batchId);

    /** Stores the encrypted manifest of a batch, replacing any. */
    void saveManifest(String batchId, byte[] encryptedManifest);

    /** The encrypted manifest of a batch, if one was saved. */
    Optional<byte[]> manifest(String batchId);

    /**
     * Stores a batch read back from the remote, replacing whatever the index held about it: the batch
     * row, all chunks, the manifest and all entries, in one transaction. The resume source is kept.
     */
    void importBatch(BatchSnapshot snapshot);

    /**
     * Stores several batches as {@link #importBatch} does and removes the batches {@code deletions}
     * names (missing ones are skipped), all in one transaction: a rebuild of many thousands of
     * batches commits a page of them at a time instead of one each.
     */
    void importBatches(List<BatchSnapshot> snapshots, Collection<String> deletions);

    /**
     * The further lanes (containers 1 .. L-1) recorded for a batch by {@link #importBatch} or
     * {@link #saveLanes}; empty for one lane (and for uploads made before lanes were recorded here:
     * those keep them in their source).
     */
    List<String> lanes(String batchId);

    /** Records the further lanes (containers 1 .. L-1) of a batch, replacing any. */
    void saveLanes(String batchId, List<String> lanes);

    // ---- chunks (the upload journal) --------------------------------------------------------

    /** Inserts or replaces chunk rows (matched by batch id and index), in one transaction. */
    void putChunks(Collection<ChunkRecord> chunks);

    /**
     * Journals that the given chunks are about to be sent. Call before sending.
     *
     * @throws MetadataException.NotFound if a chunk is missing
     * @throws IllegalStateException if a chunk cannot move to POSTING (it is already POSTED)
     */
    void markChunksPosting(String batchId, Collection<Integer> indexes);

    /**
     * Journals that the remote stored the given chunks, with where it stored each. Call after the
     * remote confirmed. All chunks of one post are marked in one transaction.
     *
     * @throws MetadataException.NotFound if a chunk is missing
     * @throws IllegalStateException if a chunk is not POSTING
     */
    void markChunksPosted(String batchId, Map<Integer, BlobRef> refsByIndex);

    default void markChunkPosting(String batchId, int index) {
        markChunksPosting(batchId, List.of(index));
    }

    default void markChunkPosted(String batchId, int index, BlobRef ref) {
        markChunksPosted(batchId, Map.of(index, ref));
    }

    /** All chunks of a batch, by index. */
    List<ChunkRecord> chunks(String batchId);

    // ---- manifest entries -------------------------------------------------------------------

    /**
     * Replaces all entries of a batch with {@code entries}, kept in this order (manifest order).
     * One transaction, however many entries.
     */
    void putEntries(String batchId, Iterable<ManifestEntry> entries);

    /**
     * Calls {@code action} for each entry of a batch at or under {@code pathPrefix}, in manifest order,
     * without holding them all in memory. "Under" means whole path segments: prefix {@code a/b}
     * matches {@code a/b} and {@code a/b/c}, not {@code a/bc}. Null or empty prefix: every entry.
     * A read transaction (and a pooled connection) stays open while the action runs.
     */
    void forEachEntry(String batchId, String pathPrefix, Consumer<? super ManifestEntry> action);

    /** The entries {@link #forEachEntry} would visit, as a list. */
    default List<ManifestEntry> entries(String batchId, String pathPrefix) {
        List<ManifestEntry> out = new ArrayList<>();
        forEachEntry(batchId, pathPrefix, out::add);
        return out;
    }

    /** Up to {@code limit} entries at or under {@code pathPrefix} in any batch, ordered by path. */
    List<EntryLocation> findEntries(String pathPrefix, int limit);

    // ---- totals -----------------------------------------------------------------------------

    /** Totals over all batches, plus the last verify and backup times. */
    StoreStats stats();

    /**
     * The growth of the store: running totals of the batches still in the index whose upload
     * completed (COMPLETE or DAMAGED), oldest first, at most {@code maxPoints} points. With more
     * completion times than that, batches are grouped into buckets of a whole minute, hour, day,
     * week or more, each point at its bucket's start.
     *
     * @throws IllegalArgumentException if {@code maxPoints} is below 2
     */
    List<StatsPoint> statsHistory(int maxPoints);
}
