package dev.dos.core.format;

import dev.dos.core.crypto.StreamKey;
import java.io.IOException;
import java.io.InputStream;

/**
 * Supplies stored chunks by index (e.g. downloads the blob from the remote). Readers open chunks
 * one at a time, in increasing order, each only when they need its bytes, and close each stream.
 */
@FunctionalInterface
public interface ChunkSource {
    /** The encoded bytes of chunk {@code index}; any IOException marks the chunk as missing. */
    InputStream open(int index) throws IOException;

    /**
     * The encoded bytes of chunk {@code index} in one array, read no further than
     * {@code maxBytes + 1} (so a longer blob shows as longer). Readers call this rather than read
     * {@link #open}'s stream themselves; sources that hold the whole chunk already return their
     * array (callers only read it), which spares a copy per chunk: {@code InputStream.readNBytes(int)}
     * gathers 16 KiB pieces and copies them into a new array.
     */
    default byte[] readChunk(int index, int maxBytes) throws IOException {
        try (InputStream in = open(index)) {
            return in.readNBytes(maxBytes + 1);
        }
    }

    /**
     * Chunk {@code index} authenticated and decrypted with {@code key} ({@link ChunkOpener}); any
     * IOException other than an {@link IntegrityException} marks the chunk as missing. The default
     * reads it ({@link #readChunk}) and opens it on the caller's thread. A source that downloads
     * ahead opens chunks on its download threads instead, so that a reader's decoding of one
     * chunk overlaps the decryption of the next ones.
     */
    default OpenedChunk openChunk(StreamKey key, int index) throws IOException {
        return ChunkOpener.open(key, index, readChunk(index, ChunkFormat.MAX_CHUNK_BYTES));
    }
}
