package dev.dos.core.ops;

import dev.dos.core.crypto.Sha256;
import dev.dos.core.format.BatchId;
import dev.dos.core.format.ChunkSource;
import dev.dos.core.format.IntegrityException;
import dev.dos.core.meta.ChunkRecord;
import dev.dos.core.meta.ChunkState;
import dev.dos.core.remote.StorageRemote;
import dev.dos.core.remote.RemoteException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Fetches a batch's chunks from the remote by the ids the index recorded, checking each against
 * its recorded size and SHA-256 before anyone decrypts it. A mismatch is fetched again: bytes
 * altered in transit differ from one download to the next, stored damage does not, so the chunk
 * counts as damaged once two downloads bring the same wrong bytes (or after
 * {@link #FETCH_ATTEMPTS} downloads that all differ).
 * Counts what it fetched, so a caller can report how many chunks a restore needed.
 */
final class RemoteChunkSource implements ChunkSource {
    /** At most this many downloads of a chunk whose bytes do not match the index. */
    static final int FETCH_ATTEMPTS = 6;

    private final StorageRemote remote;
    private final BatchId batchId;
    private final Map<Integer, ChunkRecord> chunks;
    private final Set<Integer> fetched = ConcurrentHashMap.newKeySet();
    private final ProgressListener listener;

    RemoteChunkSource(StorageRemote remote, BatchId batchId, List<ChunkRecord> chunks, ProgressListener listener) {
        this.remote = remote;
        this.batchId = batchId;
        this.chunks = chunks.stream().collect(Collectors.toMap(ChunkRecord::index, Function.identity()));
        this.listener = listener;
    }

    /** The batch whose chunks this source fetches. */
    BatchId batchId() {
        return batchId;
    }

    /** Who hears of this source's fetches and warnings. */
    ProgressListener listener() {
        return listener;
    }

    @Override
    public InputStream open(int index) throws IOException {
        return new ByteArrayInputStream(fetch(index));
    }

    /** The downloaded array itself: no copy (readers only read it). */
    @Override
    public byte[] readChunk(int index, int maxBytes) throws IOException {
        return fetch(index);
    }

    /** The verified bytes of chunk {@code index}. */
    byte[] fetch(int index) throws IOException {
        ChunkRecord chunk = chunks.get(index);
        if (chunk == null || chunk.state() != ChunkState.POSTED) {
            throw new IntegrityException(batchId, index, IntegrityException.Reason.MISSING,
                    "the index has no uploaded copy of this chunk");
        }
        Set<String> wrong = new HashSet<>();
        for (int attempt = 1; ; attempt++) {
            byte[] bytes;
            try (InputStream in = remote.openBlob(chunk.remote())) {
                bytes = readExpected(in, Math.toIntExact(chunk.size()));
            }
            fetched.add(index);
            String sha256 = Sha256.hex(bytes);
            boolean intact = bytes.length == chunk.size() && sha256.equals(chunk.sha256());
            // The same wrong bytes twice are what is stored; differing ones were altered on the way.
            boolean damaged = !intact && (!wrong.add(sha256) || attempt >= FETCH_ATTEMPTS);
            if (intact || damaged) {
                listener.advanced(bytes.length);
            }
            if (intact) {
                return bytes;
            }
            if (damaged) {
                throw new IntegrityException(batchId, index, IntegrityException.Reason.CONTENT_MISMATCH,
                        "stored bytes differ from what was uploaded (size or SHA-256 mismatch)");
            }
        }
    }

    /**
     * The blob's bytes, read straight into one array of the size the index expects: the chunk is
     * the largest thing a restore holds, {@code transfers + 1} of them at a time, and reading it
     * with {@code readNBytes(size + 1)} buffered it in 16 KiB pieces and then copied it, twice its
     * size per download in flight. A blob of another size comes back at its own length (shorter,
     * or one byte longer), which the caller's check refuses.
     */
    static byte[] readExpected(InputStream in, int expected) throws IOException {
        byte[] bytes = new byte[expected];
        int n = in.readNBytes(bytes, 0, expected);
        if (n < expected) {
            return java.util.Arrays.copyOf(bytes, n);
        }
        int extra = in.read();
        if (extra < 0) {
            return bytes;
        }
        byte[] longer = java.util.Arrays.copyOf(bytes, expected + 1);
        longer[expected] = (byte) extra;
        return longer;
    }

    /**
     * Reads the post of the first uploaded chunk, so that a refused token (401) or a missing
     * permission (403) stops the operation with that refusal before anything is written, instead of
     * showing as every chunk damaged. A chunk that is gone (404) is left for the operation to report.
     */
    void checkAccess() throws RemoteException {
        for (ChunkRecord chunk : chunks.values()) {
            if (chunk.state() == ChunkState.POSTED && chunk.remote() != null) {
                try {
                    remote.getPost(chunk.remote().containerId(), chunk.remote().postId());
                } catch (RemoteException.NotFound gone) {
                    // damage, not access: reported chunk by chunk
                }
                return;
            }
        }
    }

    /** What the index recorded for chunk {@code index}, if anything. */
    java.util.Optional<ChunkRecord> record(int index) {
        ChunkRecord chunk = chunks.get(index);
        return chunk == null || chunk.state() != ChunkState.POSTED ? java.util.Optional.empty()
                : java.util.Optional.of(chunk);
    }

    int fetchedCount() {
        return fetched.size();
    }
}
