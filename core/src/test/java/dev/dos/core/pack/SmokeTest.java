package dev.dos.core.pack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.core.crypto.MasterKey;
import dev.dos.core.format.BatchId;
import dev.dos.core.format.BatchManifest;
import dev.dos.core.format.ChunkTarget;
import dev.dos.core.format.MemoryChunkStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTest {
    @TempDir
    Path tmp;

    @Test
    void roundTrip() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/docs"));
        Files.writeString(src.resolve("a.txt"), "hello".repeat(1000));
        Files.createDirectories(src.resolve("empty"));
        Files.write(src.resolve("rnd.bin"), new java.util.Random(1).ints(20000).collect(java.io.ByteArrayOutputStream::new, (o, i) -> o.write(i), (a, b) -> {}).toByteArray());
        MasterKey key = MasterKey.generate();
        MemoryChunkStore store = new MemoryChunkStore();
        BatchManifest m = new BatchPacker(key, PackOptions.defaults().withChunkTarget(new ChunkTarget(4096)))
                .pack(BatchId.random(), List.of(src), store);
        System.out.println(m);
        RestoreResult r = new BatchRestorer(key).restore(m, store, EntrySelection.all(), tmp.resolve("out"), RestoreOptions.defaults());
        System.out.println(r);
        assertThat(r.problems()).isEmpty();
        assertThat(Files.readString(tmp.resolve("out/docs/a.txt"))).isEqualTo("hello".repeat(1000));
    }
}
