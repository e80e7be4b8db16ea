package dev.dos.core.pack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.core.compress.Codec;
import dev.dos.core.compress.Compression;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.format.BatchId;
import dev.dos.core.format.BatchManifest;
import dev.dos.core.format.ChunkTarget;
import dev.dos.core.format.ManifestEntry;
import dev.dos.core.format.MemoryChunkStore;
import dev.dos.core.format.TestData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Any range of any file, under any chunk size and codec, is exactly the original bytes, read from exactly its chunks. */
class StreamPropertiesTest {
    private static final MasterKey KEY = MasterKey.generate();

    private Path tmp;

    @BeforeTry
    void createTemp() throws IOException {
        tmp = Files.createTempDirectory("dos-stream-property");
    }

    @AfterTry
    void deleteTemp() throws IOException {
        Trees.deleteRecursively(tmp);
    }

    /** One file: its name's length and alphabet, and its content. */
    record Source(int nameLength, boolean unicode, byte[] content) {
    }

    @Property(tries = 60)
    void anyRangeMatchesTheOriginalAndReadsOnlyItsChunks(
            @ForAll("files") List<Source> sources, @ForAll("compressions") Compression codec,
            @ForAll @IntRange(min = 1024, max = 8000) int target,
            @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0, max = 1_000_000) Integer> starts,
            @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0, max = 1_000_000) Integer> lengths)
            throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        Path root = Files.createDirectories(tmp.resolve("src/root"));
        for (int i = 0; i < sources.size(); i++) {
            Source s = sources.get(i);
            String name = "f" + i + "-" + (s.unicode() ? "é" : "n").repeat(s.nameLength());
            Trees.file(root, name, s.content(), "rw-r--r--", 1_000_000L * i);
            files.put("root/" + name, s.content());
        }
        MemoryChunkStore store = new MemoryChunkStore();
        BatchManifest manifest = new BatchPacker(KEY, PackOptions.defaults().withCompression(codec)
                .withChunkTarget(new ChunkTarget(target))).pack(BatchId.random(), List.of(root), store);
        BatchStreamer streamer = new BatchStreamer(KEY, manifest, store);

        for (int i = 0; i < manifest.entries().size(); i++) {
            ManifestEntry entry = manifest.entries().get(i);
            byte[] content = files.get(entry.path());
            if (content == null) {
                continue; // the root folder
            }
            int size = content.length;
            for (int r = 0; r < Math.max(starts.size(), lengths.size()); r++) {
                int from = starts.get(r % starts.size()) % (size + 1);
                int length = lengths.get(r % lengths.size()) % (size - from + 1);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                store.clearOpened();
                streamer.writeFile(i, from, length, out);
                assertThat(out.toByteArray()).as("%s [%d, +%d)", entry.path(), from, length)
                        .isEqualTo(Arrays.copyOfRange(content, from, from + length));
                List<Integer> expected = new ArrayList<>();
                if (length > 0) {
                    long start = streamer.contentStart(i);
                    for (int c = streamer.chunkAt(start + from); c <= streamer.chunkAt(start + from + length - 1); c++) {
                        expected.add(c);
                    }
                }
                assertThat(store.opened()).as("chunks read for %s [%d, +%d)", entry.path(), from, length)
                        .isEqualTo(expected);
            }
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            streamer.writeFile(i, 0, size, whole);
            assertThat(whole.toByteArray()).isEqualTo(content);
        }

        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        assertThat(streamer.writeTar(tar)).isEqualTo(manifest.tarBytes());
        int seen = 0;
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar.toByteArray()))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                if (!e.isDirectory()) {
                    assertThat(in.readAllBytes()).isEqualTo(files.get(e.getName()));
                    seen++;
                }
            }
        }
        assertThat(seen).isEqualTo(files.size());
    }

    @Provide
    Arbitrary<List<Source>> files() {
        Arbitrary<byte[]> contents = Arbitraries.oneOf(
                Arbitraries.of(0, 1, 511, 512, 513, 1024).map(n -> TestData.random(n, n)),
                Arbitraries.integers().between(0, 40_000).map(n -> TestData.random(n, n + 7)),
                Arbitraries.integers().between(0, 60_000).map(n -> TestData.text(n, n)));
        return Combinators.combine(Arbitraries.integers().between(1, 120), Arbitraries.of(false, true), contents)
                .as(Source::new).list().ofMinSize(1).ofMaxSize(5);
    }

    @Provide
    Arbitrary<Compression> compressions() {
        return Arbitraries.of(Compression.DEFAULT, Compression.of(Codec.GZIP), Compression.NONE);
    }
}
