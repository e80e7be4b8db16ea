package dev.dos.core.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dos.core.crypto.MasterKey;
import dev.dos.core.format.BatchId;
import dev.dos.core.format.ChunkTarget;
import dev.dos.core.format.EncodedChunk;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression: when the sink refused a chunk (an upload interrupted by Ctrl-C), commons-compress
 * closed its output after the failed write, which sealed an empty LAST chunk right behind the
 * lost one, and the uploader journaled it. A partial batch must never get a LAST chunk.
 */
class PackSinkFailureTest {
    @TempDir
    Path tmp;

    @Test
    void aSinkThatFailsMidwayNeverReceivesALastChunk() throws Exception {
        byte[] content = new byte[100_000];
        new Random(7).nextBytes(content);
        Path src = Files.write(tmp.resolve("data.bin"), content);
        List<EncodedChunk> received = new ArrayList<>();
        BatchPacker packer = new BatchPacker(MasterKey.generate(),
                PackOptions.defaults().withChunkTarget(new ChunkTarget(2048)));

        assertThatThrownBy(() -> packer.pack(BatchId.random(), List.of(src), chunk -> {
            received.add(chunk);
            if (chunk.index() == 10) {
                throw new InterruptedIOException("interrupted while queueing a chunk");
            }
        })).isInstanceOf(InterruptedIOException.class);

        assertThat(received).hasSize(11).noneMatch(EncodedChunk::last);
    }
}
