package dev.dos.core.format;

import java.io.IOException;

/**
 * Receives each chunk in index order, on the packing thread, once it is sealed: {@link ChunkWriter}
 * seals on a thread of its own and hands a chunk over when the next segment is sealed (or at
 * close). Blocking here (e.g. on a bounded upload queue) is how an uploader slows packing down to
 * its own pace.
 */
@FunctionalInterface
public interface ChunkSink {
    void accept(EncodedChunk chunk) throws IOException;
}
