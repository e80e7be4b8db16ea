package dev.dos.core.format;

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
}
