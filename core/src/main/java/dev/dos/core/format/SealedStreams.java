package dev.dos.core.format;

import dev.dos.core.compress.Compression;
import dev.dos.core.crypto.KeyPurpose;
import dev.dos.core.crypto.MasterKey;
import java.io.IOException;
import java.io.InputStream;

/**
 * Encrypts any byte stream with the store's key, for blobs that are not batches, such as database
 * backups (docs/FORMAT.md section 8): the chunk format with its own key context, under a random
 * id of the caller's ({@link BatchId#random()}). The caller records the id and chunk count next
 * to the posted chunks.
 */
public final class SealedStreams {
    private SealedStreams() {
    }

    /** A stream whose bytes become chunks handed to {@code sink}; close it to seal the last one. */
    public static ChunkWriter writer(MasterKey key, BatchId streamId, Compression compression, ChunkTarget target,
                                     ChunkSink sink) {
        return new ChunkWriter(key.streamKey(KeyPurpose.BACKUP, streamId.bytes()), compression, target, sink);
    }

    /**
     * The decrypted stream. {@code chunkCount} is the recorded count, or -1 to trust the LAST flag
     * alone (a missing last chunk then shows as a {@link IntegrityException.Reason#MISSING} chunk).
     */
    public static InputStream reader(MasterKey key, BatchId streamId, ChunkSource source, int chunkCount)
            throws IOException {
        return new ChunkReader(key.streamKey(KeyPurpose.BACKUP, streamId.bytes()), source, StreamPosition.START,
                chunkCount);
    }
}
