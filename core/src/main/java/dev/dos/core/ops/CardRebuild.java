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
import dev.dos.core.ops.IndexPosts.CardPost;
import dev.dos.core.ops.SyncIssue.Kind;
import dev.dos.core.remote.Blob;
import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.StorageRemote;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Rebuilds one batch from its card (docs/FORMAT.md sections 13 and 17.3): decrypts the manifest
 * attached to the card, and records the batch from the card and the manifest alone. The manifest is
 * the authority (it is authenticated; the card's clear text is not), so chunk rows come with their
 * SHA-256 and size from it.
 *
 * <p>Two ways to place the chunks. <b>Lazily</b> (a plain sync or rebuild): every chunk is recorded
 * {@link ChunkState#REMOTE}, stored in one of the lanes the card names, looked up only when a restore
 * or verify needs it ({@link ChunkLocations}); no thread is read. <b>Deep</b> ({@code --deep}): the
 * container the card names and the further lanes it lists are walked, and each chunk the manifest
 * lists is found by its blob name and size, as before lanes were looked up lazily.
 *
 * <p>The work is split so that a sync can fetch many cards at once: {@link #fetch} (downloads and
 * walks, any thread) and {@link #rebuild} (decides what to record, the syncing thread).
 */
final class CardRebuild {
    /** The local name of a batch whose manifest (and so whose file names) could not be read. */
    static final String UNREADABLE_NAME = "(manifest unreadable)";

    private final StorageRemote remote;
    private final MasterKey key;

    CardRebuild(StorageRemote remote, MasterKey key) {
        this.remote = remote;
        this.key = key;
    }

    /**
     * What the remote holds for one card: its manifest (or why it could not be read) and, in a deep
     * rebuild, the chunks found in its containers.
     *
     * @param read        the manifest; null when it could not be read
     * @param unreadable  why it could not be read (damaged, missing, malformed); null when read
     * @param otherKey    the manifest was made with another key than the card claims
     * @param walked      deep only: the chunks found in the containers (null: not walked, or none exists)
     * @param container   deep only: the container the chunks were found in (the card's, or the one named
     *                    for the batch when the card's is gone)
     */
    record Fetched(CardManifest.Read read, IOException unreadable, boolean otherKey, ThreadChunks walked,
                   String container) {
    }

    /** Whether the card names this store's key: only then is its manifest worth downloading. */
    boolean ours(CardPost post) {
        return post.card().keyFingerprint().equals(key.fingerprint().hex());
    }

    /**
     * Downloads a card's manifest and, when {@code deep}, walks its containers. Safe to run for many
     * cards at once.
     *
     * @param byName the container named for the batch (deep only; null when none is listed): a card
     *               whose own container id is stale still finds its chunks there
     * @throws RemoteException when the remote fails for reasons a later run may not meet (network, rate
     *                         limits, permissions); nothing may be recorded then
     */
    Fetched fetch(CardPost post, boolean deep, String byName) throws IOException {
        BatchCard card = post.card();
        BatchId batchId = BatchId.parse(card.batchId());
        CardManifest.Read read = null;
        IOException unreadable = null;
        boolean otherKey = false;
        try {
            read = CardManifest.read(remote, post.blobs(), batchId, key);
        } catch (WrongKeyException e) {
            otherKey = true;
        } catch (IntegrityException | RemoteException.NotFound e) {
            unreadable = e;
        }
        if (!deep || otherKey) {
            return new Fetched(read, unreadable, otherKey, null, card.storageThread());
        }
        String container = card.storageThread();
        ThreadChunks chunks = walk(container, batchId);
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
        return new Fetched(read, unreadable, false, chunks, container);
    }

    /**
     * What to record for the batch of {@code post}, from what {@link #fetch} found. {@code localManifest}
     * gives the envelope the index already holds, if any: it is used when the remote copy cannot be
     * read, so a damaged card does not cost the list of files.
     */
    Rebuilt rebuild(CardPost post, Fetched fetched, boolean deep, Supplier<Optional<byte[]>> localManifest) {
        BatchCard card = post.card();
        BatchId batchId = BatchId.parse(card.batchId());
        String ours = key.fingerprint().hex();
        if (!card.keyFingerprint().equals(ours)) {
            return notRecorded(batchId, "made with key " + card.keyFingerprint() + ", not this store's key " + ours);
        }
        if (fetched.otherKey()) {
            return notRecorded(batchId, "its card names this key, but its manifest was made with another key");
        }
        List<SyncIssue> issues = new ArrayList<>();
        byte[] envelope;
        BatchManifest manifest;
        if (fetched.read() != null) {
            envelope = fetched.read().envelope();
            manifest = fetched.read().manifest();
        } else {
            Optional<byte[]> local = localManifest.get();
            Optional<BatchManifest> kept = decodeLocal(local, batchId);
            String problem = fetched.unreadable().getMessage();
            if (kept.isEmpty()) {
                SyncIssue issue = new SyncIssue(batchId.hex(), Kind.UNREADABLE_MANIFEST, BatchState.DAMAGED,
                        problem + "; its files are unknown until the manifest is repaired");
                return new Rebuilt(new BatchSnapshot(cardOnly(post), List.of(), null, List.of(), card.lanes()),
                        List.of(issue));
            }
            issues.add(new SyncIssue(batchId.hex(), Kind.UNREADABLE_MANIFEST, BatchState.DAMAGED,
                    problem + "; kept the manifest this index already had"));
            envelope = local.orElseThrow();
            manifest = kept.get();
        }

        String container = card.storageThread();
        List<ChunkRecord> rows = new ArrayList<>(manifest.chunkCount());
        if (!deep) {
            for (ManifestChunk chunk : manifest.chunks()) {
                rows.add(chunkRow(batchId, chunk, manifest.chunkCount(), ChunkState.REMOTE, null));
            }
        } else {
            ThreadChunks chunks = fetched.walked();
            container = fetched.container();
            List<Integer> missing = new ArrayList<>();
            int wrongSize = 0;
            for (ManifestChunk chunk : manifest.chunks()) {
                Optional<Blob> blob = chunks == null ? Optional.empty() : chunks.find(chunk.index(), chunk.storedBytes());
                rows.add(chunkRow(batchId, chunk, manifest.chunkCount(),
                        blob.isPresent() ? ChunkState.POSTED : ChunkState.PLANNED, blob.orElse(null)));
                if (blob.isEmpty()) {
                    missing.add(chunk.index());
                    wrongSize += chunks != null && chunks.hasAny(chunk.index()) ? 1 : 0;
                }
            }
            if (chunks == null) {
                issues.add(cardWithoutThread(batchId.hex(), card.storageThread(), manifest.chunkCount()));
            } else if (!missing.isEmpty()) {
                issues.add(new SyncIssue(batchId.hex(), Kind.MISSING_CHUNKS, BatchState.DAMAGED, missing,
                        missing.size() + " of " + manifest.chunkCount() + " chunks missing from container " + container
                                + (card.lanes().isEmpty() ? "" : " and its lanes " + String.join(", ", card.lanes()))
                                + (wrongSize > 0 ? " (" + wrongSize + " there at the wrong size)" : "")
                                + "; files in other chunks can still be restored"));
            }
            if (chunks != null) {
                chunks.foreignIssue(batchId.hex(), issues.isEmpty() ? BatchState.COMPLETE : BatchState.DAMAGED)
                        .ifPresent(issues::add);
            }
        }
        boolean damaged = issues.stream().anyMatch(i -> i.recordedAs() == BatchState.DAMAGED);
        BatchRecord record = new BatchRecord(batchId.hex(), rootNames(manifest),
                damaged ? BatchState.DAMAGED : BatchState.COMPLETE, card.createdAt(), post.postedAt(),
                manifest.compression().codec().label(), manifest.originalBytes(), manifest.storedBytes(),
                manifest.entries().size(), manifest.chunkCount(), card.formatVersion(), card.keyFingerprint(),
                container, post.postId());
        return new Rebuilt(new BatchSnapshot(record, rows, envelope, manifest.entries(), card.lanes()), issues);
    }

    /** The issue of a card whose container is gone: every chunk is missing. */
    static SyncIssue cardWithoutThread(String batchId, String container, int chunkCount) {
        return new SyncIssue(batchId, Kind.CARD_WITHOUT_THREAD, BatchState.DAMAGED,
                "its container " + container + " is gone: all " + chunkCount + " chunks are missing");
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

    /** A chunk row from the manifest: REMOTE (not looked up), POSTED at {@code blob}, or PLANNED (missing). */
    static ChunkRecord chunkRow(BatchId batchId, ManifestChunk chunk, int count, ChunkState state, Blob blob) {
        long plainSize = Math.max(0, chunk.storedBytes() - ChunkFormat.HEADER_BYTES - AesGcm.TAG_BYTES);
        boolean last = chunk.index() == count - 1;
        return new ChunkRecord(batchId.hex(), chunk.index(), chunk.storedBytes(), chunk.sha256(), plainSize, state,
                blob == null ? null : blob.ref(), last);
    }

    /** What the card alone says, when its manifest cannot be read and the index has no copy. */
    private static BatchRecord cardOnly(CardPost post) {
        BatchCard card = post.card();
        return new BatchRecord(BatchId.parse(card.batchId()).hex(), UNREADABLE_NAME, BatchState.DAMAGED,
                card.createdAt(), post.postedAt(), "unknown", 0, 0, 0, card.chunkCount(), card.formatVersion(),
                card.keyFingerprint(), card.storageThread(), post.postId());
    }
}
