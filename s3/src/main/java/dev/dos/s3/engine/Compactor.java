package dev.dos.s3.engine;

import dev.dos.core.compress.Codec;
import dev.dos.core.crypto.KeyPurpose;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.format.BatchId;
import dev.dos.core.format.ChunkReader;
import dev.dos.core.format.EncodedChunk;
import dev.dos.core.format.StreamPosition;
import dev.dos.core.remote.StorageRemote;
import dev.dos.s3.engine.IndexRows.ChunkRow;
import dev.dos.s3.engine.IndexRows.PostRow;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Reclaims the bytes of deleted objects (docs/FORMAT.md section 16.9): the live chunks of sparse
 * posts are copied, byte for byte and authenticated on the way, into the packs of new commit posts
 * ({@code move} entries); a checkpoint then covers every record so far; then every post with no
 * live chunk whose record the checkpoint covers is deleted.
 */
final class Compactor {
    /** Chunk bytes held in memory while their move commits. */
    private static final long MAX_BYTES_IN_FLIGHT = 32L * 1024 * 1024;

    /** Runs a checkpoint and waits for it. */
    @FunctionalInterface
    interface Checkpointing {
        void checkpoint() throws IOException;
    }

    private final StorageRemote remote;
    private final MasterKey key;
    private final S3Index index;
    private final List<String> lanes;
    private final CommitBatcher committer;
    private final Checkpointing checkpointing;
    private final double sparseRatio;

    Compactor(StorageRemote remote, MasterKey key, S3Index index, List<String> lanes, CommitBatcher committer,
              Checkpointing checkpointing, double sparseRatio) {
        this.remote = remote;
        this.key = key;
        this.index = index;
        this.lanes = lanes;
        this.committer = committer;
        this.checkpointing = checkpointing;
        this.sparseRatio = sparseRatio;
    }

    synchronized CompactionResult compact() throws IOException {
        List<PostRow> sparse = index.posts().stream()
                .filter(p -> p.live() > 0 && p.live() < sparseRatio * p.bytes()).toList();
        int moved = 0;
        List<CompletableFuture<Boolean>> inFlight = new ArrayList<>();
        long bytesInFlight = 0;
        for (PostRow post : sparse) {
            for (ChunkRow chunk : index.chunksIn(post.lane(), post.postId())) {
                EncodedChunk copy = verifiedCopy(chunk);
                inFlight.add(committer.submitAsync(new Intents.MoveChunk(chunk, copy)));
                bytesInFlight += chunk.stored();
                if (bytesInFlight > MAX_BYTES_IN_FLIGHT) {
                    moved += awaitAll(inFlight);
                    bytesInFlight = 0;
                }
            }
        }
        moved += awaitAll(inFlight);
        checkpointing.checkpoint();
        long checkpointSeq = index.state().checkpointSeq();
        int deleted = 0;
        long freed = 0;
        for (PostRow post : index.posts()) {
            if (post.live() == 0 && (post.seq() == 0 || post.seq() <= checkpointSeq)) {
                remote.deletePost(lanes.get(post.lane()), post.postId());
                index.db().write(c -> {
                    S3Index.forgetPost(c, post.lane(), post.postId());
                    return null;
                });
                deleted++;
                freed += post.bytes();
            }
        }
        List<PostRow> left = index.posts();
        long dead = left.stream().mapToLong(p -> p.bytes() - p.live()).sum();
        index.db().write(c -> {
            S3Index.setMeta(c, S3Index.DEAD_BYTES, dead);
            return null;
        });
        return new CompactionResult(sparse.size(), moved, deleted, freed);
    }

    /** The chunk's stored bytes, read from its blob and authenticated as chunk i of its stream. */
    private EncodedChunk verifiedCopy(ChunkRow chunk) throws IOException {
        byte[] bytes;
        try (InputStream in = remote.openBlob(chunk.ref(lanes), chunk.offset(), chunk.stored())) {
            bytes = in.readNBytes((int) chunk.stored());
        }
        if (bytes.length != chunk.stored()) {
            throw new EOFException("chunk " + chunk.index() + " of data " + chunk.dataId() + " is truncated");
        }
        BatchId dataId = BatchId.parse(chunk.dataId());
        byte[] copy = bytes;
        new ChunkReader(key.streamKey(KeyPurpose.S3_OBJECT, dataId.bytes()), i -> new ByteArrayInputStream(copy),
                new StreamPosition(chunk.index(), 0), -1).close();
        return new EncodedChunk(dataId, chunk.index(), false, bytes, Codec.NONE, chunk.raw(), "");
    }

    private static int awaitAll(List<CompletableFuture<Boolean>> futures) throws IOException {
        int moved = 0;
        try {
            for (CompletableFuture<Boolean> f : futures) {
                if (f.get()) {
                    moved++;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while compacting");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } finally {
            futures.clear();
        }
        return moved;
    }
}
