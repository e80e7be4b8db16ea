package dev.dos.core.ops;

import dev.dos.core.crypto.KeyPurpose;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.format.BatchId;
import dev.dos.core.format.ChunkFormat;
import dev.dos.core.format.ChunkReader;
import dev.dos.core.format.IntegrityException;
import dev.dos.core.format.StreamPosition;
import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.BatchSnapshot;
import dev.dos.core.meta.BatchState;
import dev.dos.core.ops.SyncIssue.Kind;
import dev.dos.core.remote.Blob;
import dev.dos.core.remote.ContainerInfo;
import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.StorageRemote;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Records what can be known of a batch whose container has no card: an upload that stopped (or
 * is still running) before its card was posted, here or on another machine. Without a manifest
 * nothing is known of its files, nor the SHA-256 of its chunks short of downloading them all; so
 * the batch is recorded INCOMPLETE with its container, how many chunks it holds and their size,
 * which is what {@code delete} needs to remove it and what {@code list} needs to show it. One
 * chunk is downloaded and decrypted first: only an upload made with our key is recorded.
 */
final class OrphanRebuild {
    static final String NAME = "(incomplete upload, no card)";

    private final StorageRemote remote;
    private final MasterKey key;

    OrphanRebuild(StorageRemote remote, MasterKey key) {
        this.remote = remote;
        this.key = key;
    }

    /**
     * Rebuilds the batch whose chunks {@code container} holds.
     *
     * @param now creation time to record when the container has no post to date it
     * @throws RemoteException when the remote fails for reasons a later run may not meet
     */
    Rebuilt rebuild(ContainerInfo container, BatchId batchId, Instant now) throws IOException {
        ThreadChunks found;
        try {
            found = ThreadChunks.walk(remote, container.id(), batchId);
        } catch (RemoteException.NotFound gone) {
            // Deleted between listing and walking: a delete finished meanwhile; nothing to record.
            return new Rebuilt(null, List.of());
        }
        Optional<Boolean> ours = opensWithOurKey(found, batchId);
        if (ours.isPresent() && !ours.get()) {
            return new Rebuilt(null, List.of(new SyncIssue(batchId.hex(), Kind.THREAD_WITHOUT_CARD, null,
                    "container " + container.id() + " has no card and its chunks do not open with this key"
                            + " (another key's upload, or damaged); not recorded")));
        }
        int chunks = found.byIndex().size();
        long stored = found.byIndex().values().stream().mapToLong(blobs -> blobs.getFirst().size()).sum();
        Instant createdAt = found.firstPostAt() == null ? now : found.firstPostAt();
        BatchRecord record = new BatchRecord(batchId.hex(), NAME, BatchState.INCOMPLETE, createdAt, null, "unknown",
                0, stored, 0, chunks, ChunkFormat.VERSION, ours.isPresent() ? key.fingerprint().hex() : null,
                container.id(), null);
        SyncIssue issue = new SyncIssue(batchId.hex(), Kind.THREAD_WITHOUT_CARD, BatchState.INCOMPLETE,
                "container " + container.id() + " has no card: an upload stopped after " + chunks + " chunk(s) ("
                        + Sizes.human(stored) + "), or is still running elsewhere");
        List<SyncIssue> issues = new java.util.ArrayList<>(List.of(issue));
        found.foreignIssue(batchId.hex(), BatchState.INCOMPLETE).ifPresent(issues::add);
        return new Rebuilt(new BatchSnapshot(record, List.of(), null, List.of()), issues);
    }

    /**
     * Whether the first chunk that can be read decrypts under our key; empty when the container
     * holds no readable chunk, so there is nothing to tell by.
     */
    private Optional<Boolean> opensWithOurKey(ThreadChunks found, BatchId batchId) throws IOException {
        for (Map.Entry<Integer, List<Blob>> entry : found.byIndex().entrySet()) {
            for (Blob blob : entry.getValue()) {
                byte[] chunk = download(blob);
                if (chunk == null) {
                    continue;
                }
                try (ChunkReader ignored = new ChunkReader(key.streamKey(KeyPurpose.BATCH, batchId.bytes()),
                        i -> new ByteArrayInputStream(chunk), new StreamPosition(entry.getKey(), 0), -1)) {
                    return Optional.of(true);
                } catch (IntegrityException e) {
                    if (e.reason() == IntegrityException.Reason.AUTH_FAILED) {
                        return Optional.of(false);
                    }
                    // Not a chunk of this batch at this index after all: try the next blob.
                }
            }
        }
        return Optional.empty();
    }

    /** The blob's bytes, or null if it is too large to be a chunk or went away meanwhile. */
    private byte[] download(Blob blob) throws IOException {
        if (blob.size() > ChunkFormat.MAX_CHUNK_BYTES) {
            return null;
        }
        try (InputStream in = remote.openBlob(blob.ref())) {
            return in.readNBytes((int) blob.size() + 1);
        } catch (RemoteException.NotFound gone) {
            return null;
        }
    }
}
