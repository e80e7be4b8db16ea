package dev.dos.core.ops;

import dev.dos.core.format.BatchId;
import dev.dos.core.format.BatchManifest;
import dev.dos.core.format.ChunkTarget;
import dev.dos.core.format.ManifestCodec;
import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.BatchState;
import dev.dos.core.meta.ChunkRecord;
import dev.dos.core.meta.ChunkState;
import dev.dos.core.meta.MetadataStore;
import dev.dos.core.pack.BatchPacker;
import dev.dos.core.pack.PackListener;
import dev.dos.core.pack.PackOptions;
import dev.dos.core.pack.PackWarning;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.RemoteLimits;
import dev.dos.core.remote.StorageRemote;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * The one path by which a batch reaches the remote, for a new upload and for a resumed one alike.
 * Write order (as restic's): chunks into the batch's container, then the encrypted manifest on the
 * batch card in the index area, then the batch is marked complete locally and its container
 * sealed. A batch whose card is missing is incomplete, whatever its chunks say.
 *
 * <p>Every step first looks at what the index (and, when resuming, the remote) already holds, so
 * running it again after any interruption continues where the last run stopped: the container is
 * reused (or found by name), chunks already stored are skipped or adopted
 * ({@link ChunkReconciler}), a card already posted is kept. See docs/FORMAT.md, "Resume".
 *
 * <p>Any failure leaves the batch INCOMPLETE and is reported as an
 * {@link IncompleteUploadException}, except {@link SourceChangedException} and
 * {@link NotResumableException}, which need a new upload rather than a resume.
 */
final class BatchUploader {
    private final Repository repo;
    private final ProgressListener listener;
    private final TransferOptions transfers;

    /**
     * What one run did.
     *
     * @param result        the finished batch
     * @param chunksSkipped chunks already stored and confirmed before this run
     * @param chunksAdopted chunks found on the remote although their confirmation had been lost
     * @param chunksPosted  chunks this run posted
     * @param postsRemoved  unreferenced duplicate posts removed from the batch's container
     */
    record Outcome(UploadResult result, int chunksSkipped, int chunksAdopted, int chunksPosted, int postsRemoved) {
    }

    BatchUploader(Repository repo, TransferOptions transfers, ProgressListener listener) {
        this.repo = repo;
        this.transfers = transfers;
        this.listener = listener;
    }

    /**
     * Brings batch {@code start}, which is UPLOADING and whose {@link UploadLock} the caller holds,
     * to COMPLETE. {@code resuming} says an earlier run may have left things on the remote.
     */
    Outcome run(BatchRecord start, UploadSource source, boolean resuming) throws IOException {
        try {
            return store(start, source, resuming);
        } catch (IOException | RuntimeException e) {
            try {
                repo.metadata().moveBatch(start.id(), BatchState.UPLOADING, BatchState.INCOMPLETE);
            } catch (RuntimeException saving) {
                e.addSuppressed(saving);
            }
            if (e instanceof SourceChangedException || e instanceof NotResumableException) {
                throw e; // resuming again would not help: say why instead
            }
            throw new IncompleteUploadException(start.id(), IncompleteUploadException.causedByInterrupt(e), e);
        }
    }

    private Outcome store(BatchRecord record, UploadSource source, boolean resuming) throws IOException {
        StorageRemote remote = repo.remote();
        MetadataStore metadata = repo.metadata();
        BatchId batchId = BatchId.parse(record.id());
        RemoteLimits limits = remote.limits();
        if (source.chunkTargetBytes() > limits.maxBlobBytes()) {
            throw new NotResumableException("batch " + record.id() + " has " + Sizes.human(source.chunkTargetBytes())
                    + " chunks, more than the server now accepts (" + Sizes.human(limits.maxBlobBytes())
                    + "); upload it again");
        }

        Placement placement = place(record, source, batchId, resuming);
        record = placement.record();
        source = placement.source();
        String container = record.storageThreadId();
        List<String> lanes = placement.lanes();
        ThreadContents contents = placement.contents();

        // A saved manifest means every chunk was confirmed; only the card and the seal may be missing.
        byte[] envelope = metadata.manifest(record.id()).orElse(null);
        boolean cardMayExist = envelope != null && record.indexMessageId() == null;
        BatchManifest manifest;
        List<String> warnings = new CopyOnWriteArrayList<>();
        int skipped;
        int adopted = 0;
        int posted = 0;
        if (envelope != null && allStored(record, lanes, contents)) {
            manifest = ManifestCodec.decode(envelope, repo.key());
            skipped = manifest.chunkCount();
        } else {
            Packed packed = pack(batchId, source, lanes, contents, warnings, limits);
            manifest = packed.manifest().withLabel(source.label());
            skipped = packed.sink().skipped();
            adopted = packed.sink().adopted();
            posted = packed.sink().posted();
            envelope = ManifestCodec.encode(manifest, repo.key());
            metadata.putEntries(record.id(), manifest.entries());
            record = record.withTotals(manifest.originalBytes(), manifest.storedBytes(), manifest.entries().size(),
                    manifest.chunkCount());
            metadata.updateBatch(record);
            metadata.saveManifest(record.id(), envelope); // last: its presence says the chunks are done
        }

        record = ensureCard(record, source, lanes, manifest, envelope, resuming, cardMayExist);
        int removed = resuming ? removeUnreferencedPosts(record, contents) : 0;
        for (String lane : lanes) {
            remote.sealContainer(lane);
        }
        if (!metadata.moveBatch(record.id(), BatchState.UPLOADING, BatchState.COMPLETE)) {
            throw new IOException("batch " + record.id() + " was changed by another process during the upload");
        }
        UploadResult result = new UploadResult(record.id(), record.name(), manifest.originalBytes(),
                manifest.storedBytes(), manifest.chunkCount(), manifest.entries().size(), warnings);
        return new Outcome(result, skipped, adopted, posted, removed);
    }

    /**
     * The batch's lanes (lane 0 is the container recorded in {@code record}, the others are
     * recorded in {@code source}) and what they held when this run began.
     */
    private record Placement(BatchRecord record, UploadSource source, List<String> lanes, ThreadContents contents) {
    }

    /**
     * The recorded container if it still exists; else, when resuming, one a dead run created but
     * never recorded; else a new one. A container deleted remotely takes its chunks with it: they
     * are all posted again into the new one.
     */
    private Placement place(BatchRecord record, UploadSource source, BatchId batchId, boolean resuming)
            throws IOException {
        StorageRemote remote = repo.remote();
        String container = record.storageThreadId();
        ThreadContents contents = null;
        if (container != null && !resuming) {
            contents = ThreadContents.EMPTY;
        } else if (container != null) {
            contents = ThreadContents.scan(remote, container, batchId).orElse(null);
        }
        if (contents == null) {
            container = resuming ? adoptContainer(batchId) : null;
            contents = container == null ? ThreadContents.EMPTY
                    : ThreadContents.scan(remote, container, batchId).orElse(ThreadContents.EMPTY);
            if (container == null) {
                container = remote.createContainer(RemoteNames.container(batchId));
            }
            record = record.withRemoteIds(container, record.indexMessageId());
            repo.metadata().updateBatch(record);
        }
        return placeLanes(record, source, batchId, resuming, container, contents);
    }

    /**
     * Lanes 1 and up: the recorded ones that still exist; else, when resuming, ones a dead run
     * created but never recorded (found by name; extra copies are empty and removed); else new ones.
     * Their ids are recorded with the source before any chunk is posted into them.
     */
    private Placement placeLanes(BatchRecord record, UploadSource source, BatchId batchId, boolean resuming,
                                 String container, ThreadContents contents) throws IOException {
        StorageRemote remote = repo.remote();
        List<String> lanes = new ArrayList<>(List.of(container));
        List<String> recorded = source.laneIds();
        Map<Integer, List<String>> named = null;
        for (int k = 1; k < source.lanes(); k++) {
            String lane = k - 1 < recorded.size() ? recorded.get(k - 1) : null;
            if (lane != null && resuming) {
                Optional<ThreadContents> scanned = ThreadContents.scan(remote, lane, batchId);
                contents = scanned.map(contents::plus).orElse(contents);
                lane = scanned.isPresent() ? lane : null;
            }
            if (lane == null && resuming) {
                named = named != null ? named : RemoteLeftovers.lanes(remote, batchId);
                List<String> found = named.getOrDefault(k, List.of());
                for (String extra : found.subList(Math.min(1, found.size()), found.size())) {
                    remote.deleteContainer(extra);
                }
                lane = found.isEmpty() ? null : found.getFirst();
                if (lane != null) {
                    contents = contents.plus(ThreadContents.scan(remote, lane, batchId).orElse(ThreadContents.EMPTY));
                }
            }
            if (lane == null) {
                lane = remote.createContainer(RemoteNames.lane(batchId, k));
            }
            lanes.add(lane);
        }
        List<String> extra = lanes.subList(1, lanes.size());
        if (!extra.equals(recorded)) {
            source = source.withLaneIds(extra);
            repo.metadata().saveSource(record.id(), source.toJson());
        }
        if (!extra.equals(repo.metadata().lanes(record.id()))) {
            repo.metadata().saveLanes(record.id(), extra); // as a sync records them from the card
        }
        return new Placement(record, source, List.copyOf(lanes), contents);
    }

    /** Packing's product: the manifest and the counts of what happened to each chunk. */
    private record Packed(BatchManifest manifest, ChunkReconciler sink) {
    }

    private Packed pack(BatchId batchId, UploadSource source, List<String> lanes, ThreadContents contents,
                        List<String> warnings, RemoteLimits limits) throws IOException {
        MetadataStore metadata = repo.metadata();
        Map<Integer, ChunkRecord> journal = new HashMap<>();
        metadata.chunks(batchId.hex()).forEach(c -> journal.put(c.index(), c));
        ChunkTarget target = new ChunkTarget(source.chunkTargetBytes());
        PackOptions options = PackOptions.defaults()
                .withCompression(source.compression())
                .withChunkTarget(target)
                .withFollowSymlinks(source.followSymlinks())
                .withOnUnreadable(source.onUnreadable())
                .withClock(repo.clock())
                .withListener(new PackListener() {
                    @Override
                    public void warning(PackWarning warning) {
                        warnings.add(warning.toString());
                        listener.warning(warning.toString());
                    }
                });
        listener.phaseStarted("upload", source.snapshot().estimatedTarBytes());
        try (ChunkPoster poster = new ChunkPoster(repo.remote(), metadata, lanes,
                limits.blobsPerPost(target.bytes()), transfers.transfers(), listener)) {
            ChunkReconciler sink = new ChunkReconciler(batchId, journal, contents, poster, repo.remote(), metadata,
                    listener);
            BatchManifest manifest = new BatchPacker(repo.key(), options).pack(batchId, source.roots(), sink);
            poster.finish();
            sink.checkNothingBeyond(manifest.chunkCount());
            return new Packed(manifest, sink);
        } finally {
            listener.phaseEnded();
        }
    }

    /**
     * The container a dead run created but never recorded (the answer to "create" was lost), if
     * any. Extra ones can only be empty (chunks are posted only into a recorded container): removed.
     */
    private String adoptContainer(BatchId batchId) throws IOException {
        List<String> named = RemoteLeftovers.containers(repo.remote(), batchId);
        for (String extra : named.subList(Math.min(1, named.size()), named.size())) {
            repo.remote().deleteContainer(extra);
        }
        return named.isEmpty() ? null : named.getFirst();
    }

    /** Whether the journal has every chunk POSTED into one of the {@code lanes}, and the lanes list each. */
    private boolean allStored(BatchRecord record, List<String> lanes, ThreadContents contents) {
        List<ChunkRecord> chunks = repo.metadata().chunks(record.id());
        return !chunks.isEmpty() && chunks.size() == record.chunkCount() && chunks.stream().allMatch(c ->
                c.state() == ChunkState.POSTED && lanes.contains(c.remote().containerId())
                        && contents.holds(c.remote()));
    }

    private BatchRecord ensureCard(BatchRecord record, UploadSource source, List<String> lanes,
                                   BatchManifest manifest, byte[] envelope, boolean resuming, boolean cardMayExist)
            throws IOException {
        StorageRemote remote = repo.remote();
        String area = remote.areaId(StorageRemote.Area.INDEX);
        String cardId = record.indexMessageId();
        if (cardId != null && resuming && remote.getPost(area, cardId).isEmpty()) {
            cardId = null; // removed remotely: post it again
        }
        if (cardId == null && cardMayExist) {
            cardId = adoptCard(BatchId.parse(record.id()), record.storageThreadId(), envelope);
        }
        if (cardId == null) {
            BatchCard card = new BatchCard(record.id(), record.createdAt(), record.storageThreadId(),
                    manifest.chunkCount(), BatchManifest.FORMAT_VERSION, repo.key().fingerprint().hex(),
                    lanes.subList(1, lanes.size()));
            cardId = remote.post(area, card.render(),
                    UploadOperation.manifestBlobs(BatchId.parse(record.id()), envelope, remote.limits())).id();
        }
        record = record.withRemoteIds(record.storageThreadId(), cardId);
        repo.metadata().updateBatch(record);
        return record;
    }

    /**
     * The card a dead run posted but never recorded. Only a card naming this container and carrying
     * this very manifest (the envelope is saved before the card is posted, so a lost answer leaves
     * the same bytes on both sides) is kept; any other card announcing this batch is stale and
     * removed, so the index area ends with exactly one.
     */
    private String adoptCard(BatchId batchId, String container, byte[] envelope) throws IOException {
        StorageRemote remote = repo.remote();
        String area = remote.areaId(StorageRemote.Area.INDEX);
        String kept = null;
        for (Post card : RemoteLeftovers.cards(remote, batchId)) {
            boolean same = kept == null
                    && BatchCard.parse(card.text()).map(c -> c.storageThread().equals(container)).orElse(false)
                    && RemoteLeftovers.blobBytes(card) == envelope.length
                    && Arrays.equals(RemoteLeftovers.blobContent(remote, card), envelope);
            if (same) {
                kept = card.id();
            } else {
                remote.deletePost(area, card.id());
            }
        }
        return kept;
    }

    /**
     * Removes posts that existed when the resume began, carry only this batch's chunks, and hold
     * none the journal refers to: duplicates from a post that was retried after it had in fact
     * succeeded. Posts made by this run are not in {@code contents}, so they are never touched.
     */
    private int removeUnreferencedPosts(BatchRecord record, ThreadContents contents) throws IOException {
        Set<String> referenced = repo.metadata().chunks(record.id()).stream()
                .filter(c -> c.state() == ChunkState.POSTED).map(c -> c.remote().postId())
                .collect(Collectors.toSet());
        int removed = 0;
        for (Post post : contents.chunkPosts()) {
            if (!referenced.contains(post.id())) {
                repo.remote().deletePost(post.containerId(), post.id());
                removed++;
            }
        }
        return removed;
    }
}
