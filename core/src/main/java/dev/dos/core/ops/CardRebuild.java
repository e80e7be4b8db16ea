package dev.dos.core.ops;

import dev.dos.core.crypto.AesGcm;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.crypto.WrongKeyException;
import dev.dos.core.format.BatchId;
import dev.dos.core.format.BatchManifest;
import dev.dos.core.format.ChunkFormat;
import dev.dos.core.format.IntegrityException;
import dev.dos.core.format.ManifestChunk;
import dev.dos.core.format.ManifestCodec;
import dev.dos.core.format.ManifestEntry;
import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.BatchSnapshot;
import dev.dos.core.meta.BatchState;
import dev.dos.core.meta.ChunkRecord;
import dev.dos.core.meta.ChunkState;
import dev.dos.core.ops.IndexCards.CardPost;
import dev.dos.core.ops.SyncIssue.Kind;
import dev.dos.core.remote.Blob;
import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.StorageRemote;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rebuilds one batch from its card: decrypts the manifest attached to the card, walks the
 * container the card names (and the further lanes it lists) and finds each chunk the manifest lists by its blob name and size. The
 * manifest is the authority (it is authenticated; the card's clear text is not), so chunk rows
 * come with their SHA-256 and size from it and their ids from the container.
 */
final class CardRebuild {
    /** The local name of a batch whose manifest (and so whose file names) could not be read. */
    static final String UNREADABLE_NAME = "(manifest unreadable)";

    private final StorageRemote remote;
    private final MasterKey key;
    private final Map<BatchId, String> containerOfBatch;

    /**
     * @param containerOfBatch batch containers by the batch their name carries: a card whose own
     *                         container id is stale still finds its chunks there
     */
    CardRebuild(StorageRemote remote, MasterKey key, Map<BatchId, String> containerOfBatch) {
        this.remote = remote;
        this.key = key;
        this.containerOfBatch = containerOfBatch;
    }

    /**
     * Rebuilds the batch of {@code post}. {@code localManifest} is the envelope the index already
     * holds, if any: it is used when the remote copy cannot be read, so a damaged card does not
     * cost the list of files.
     *
     * @throws RemoteException when the remote fails for reasons a later run may not meet (network, rate
     *                         limits, permissions); nothing is recorded then
     */
    Rebuilt rebuild(CardPost post, Optional<byte[]> localManifest) throws IOException {
        BatchCard card = post.card();
        BatchId batchId = BatchId.parse(card.batchId());
        String ours = key.fingerprint().hex();
        if (!card.keyFingerprint().equals(ours)) {
            return notRecorded(batchId, "made with key " + card.keyFingerprint() + ", not this store's key " + ours);
        }
        List<SyncIssue> issues = new ArrayList<>();
        byte[] envelope;
        BatchManifest manifest;
        try {
            CardManifest.Read read = CardManifest.read(remote, post.blobs(), batchId, key);
            envelope = read.envelope();
            manifest = read.manifest();
        } catch (WrongKeyException e) {
            return notRecorded(batchId, "its card names this key, but its manifest was made with another key");
        } catch (IntegrityException | RemoteException.NotFound e) {
            Optional<BatchManifest> kept = decodeLocal(localManifest, batchId);
            if (kept.isEmpty()) {
                SyncIssue issue = new SyncIssue(batchId.hex(), Kind.UNREADABLE_MANIFEST, BatchState.DAMAGED,
                        e.getMessage() + "; its files are unknown until the manifest is repaired");
                return new Rebuilt(new BatchSnapshot(cardOnly(post), List.of(), null, List.of()), List.of(issue));
            }
            issues.add(new SyncIssue(batchId.hex(), Kind.UNREADABLE_MANIFEST, BatchState.DAMAGED,
                    e.getMessage() + "; kept the manifest this index already had"));
            envelope = localManifest.orElseThrow();
            manifest = kept.get();
        }

        String container = card.storageThread();
        ThreadChunks chunks = walk(container, batchId);
        String byName = containerOfBatch.get(batchId);
        if (chunks == null && byName != null && !byName.equals(container)) {
            chunks = walk(byName, batchId);
            container = chunks == null ? container : byName;
        }
        for (String lane : card.lanes()) {
            ThreadChunks more = walk(lane, batchId);
            if (more != null) {
                chunks = chunks == null ? more : chunks.plus(more);
            }
        }
        List<ChunkRecord> rows = new ArrayList<>(manifest.chunkCount());
        List<Integer> missing = new ArrayList<>();
        int wrongSize = 0;
        for (ManifestChunk chunk : manifest.chunks()) {
            Optional<Blob> blob = chunks == null ? Optional.empty() : chunks.find(chunk.index(), chunk.storedBytes());
            rows.add(chunkRow(batchId, chunk, manifest.chunkCount(), blob));
            if (blob.isEmpty()) {
                missing.add(chunk.index());
                wrongSize += chunks != null && chunks.hasAny(chunk.index()) ? 1 : 0;
            }
        }
        if (chunks == null) {
            issues.add(new SyncIssue(batchId.hex(), Kind.CARD_WITHOUT_THREAD, BatchState.DAMAGED,
                    "its container " + card.storageThread() + " is gone: all " + manifest.chunkCount()
                            + " chunks are missing"));
        } else if (!missing.isEmpty()) {
            issues.add(new SyncIssue(batchId.hex(), Kind.MISSING_CHUNKS, BatchState.DAMAGED, missing,
                    missing.size() + " of " + manifest.chunkCount() + " chunks missing from container " + container
                            + (card.lanes().isEmpty() ? "" : " and its lanes " + String.join(", ", card.lanes()))
                            + (wrongSize > 0 ? " (" + wrongSize + " there at the wrong size)" : "")
                            + "; files in other chunks can still be restored"));
        }
        BatchState state = issues.isEmpty() ? BatchState.COMPLETE : BatchState.DAMAGED;
        if (chunks != null) {
            chunks.foreignIssue(batchId.hex(), state).ifPresent(issues::add);
        }
        BatchRecord record = new BatchRecord(batchId.hex(), rootNames(manifest), state, card.createdAt(),
                post.postedAt(), manifest.compression().codec().label(), manifest.originalBytes(),
                manifest.storedBytes(), manifest.entries().size(), manifest.chunkCount(), card.formatVersion(),
                card.keyFingerprint(), container, post.postId());
        return new Rebuilt(new BatchSnapshot(record, rows, envelope, manifest.entries()), issues);
    }

    /**
     * The local display name of an imported batch: its label, else the root names of its entries, as an upload
     * names it ("Docs, photo.jpg"). Names never leave the machine in clear, so the manifest is the
     * only place to find them.
     */
    static String rootNames(BatchManifest manifest) {
        if (manifest.label() != null) {
            return manifest.label();
        }
        Set<String> roots = new LinkedHashSet<>();
        for (ManifestEntry entry : manifest.entries()) {
            roots.add(entry.path().split("/", 2)[0]);
        }
        return roots.isEmpty() ? "(empty batch)" : String.join(", ", roots);
    }

    private Rebuilt notRecorded(BatchId batchId, String detail) {
        return new Rebuilt(null, List.of(new SyncIssue(batchId.hex(), Kind.WRONG_KEY, null, detail)));
    }

    private Optional<BatchManifest> decodeLocal(Optional<byte[]> envelope, BatchId batchId) {
        if (envelope.isEmpty()) {
            return Optional.empty();
        }
        try {
            BatchManifest manifest = ManifestCodec.decode(envelope.get(), key);
            return manifest.batchId().equals(batchId) ? Optional.of(manifest) : Optional.empty();
        } catch (IOException unusable) {
            return Optional.empty();
        }
    }

    /** The container's chunks, or null when it does not exist (or its id is not one). */
    private ThreadChunks walk(String containerId, BatchId batchId) throws RemoteException {
        try {
            return ThreadChunks.walk(remote, containerId, batchId);
        } catch (RemoteException.NotFound | RemoteException.Rejected gone) {
            return null;
        }
    }

    private static ChunkRecord chunkRow(BatchId batchId, ManifestChunk chunk, int count, Optional<Blob> blob) {
        long plainSize = Math.max(0, chunk.storedBytes() - ChunkFormat.HEADER_BYTES - AesGcm.TAG_BYTES);
        boolean last = chunk.index() == count - 1;
        return blob.map(b -> new ChunkRecord(batchId.hex(), chunk.index(), chunk.storedBytes(), chunk.sha256(),
                        plainSize, ChunkState.POSTED, b.ref(), last))
                .orElseGet(() -> ChunkRecord.planned(batchId.hex(), chunk.index(), chunk.storedBytes(), chunk.sha256(),
                        plainSize, last));
    }

    /** What the card alone says, when its manifest cannot be read and the index has no copy. */
    private static BatchRecord cardOnly(CardPost post) {
        BatchCard card = post.card();
        return new BatchRecord(BatchId.parse(card.batchId()).hex(), UNREADABLE_NAME, BatchState.DAMAGED,
                card.createdAt(), post.postedAt(), "unknown", 0, 0, 0, card.chunkCount(), card.formatVersion(),
                card.keyFingerprint(), card.storageThread(), post.postId());
    }
}
