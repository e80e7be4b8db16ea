package dev.dos.core.format;

import java.io.IOException;

/**
 * Receives each chunk as soon as it is sealed, in index order, on the packing thread. Blocking
 * here (e.g. on a bounded upload queue) is how an uploader slows packing down to its own pace.
 */
@FunctionalInterface
public interface ChunkSink {
    void accept(EncodedChunk chunk) throws IOException;
}
