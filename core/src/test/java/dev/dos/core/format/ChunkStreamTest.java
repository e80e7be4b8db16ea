package dev.dos.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.core.compress.Codec;
import dev.dos.core.compress.Compression;
import dev.dos.core.crypto.KeyPurpose;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.crypto.StreamKey;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ChunkStreamTest {
    private static final MasterKey KEY = MasterKey.generate();

    @Property(tries = 80)
    void anyBytesWrittenInAnyPiecesReadBackExactly(@ForAll("contents") byte[] content,
                                                    @ForAll("compressions") Compression compression,
                                                    @ForAll @IntRange(min = 1024, max = 9000) int target,
                                                    @ForAll @IntRange(min = 1, max = 20_000) int pieceSize)
            throws IOException {
        StreamKey key = key(BatchId.random());
        MemoryChunkStore store = new MemoryChunkStore();
        try (ChunkWriter writer = new ChunkWriter(key, compression, new ChunkTarget(target), store)) {
            for (int off = 0; off < content.length; off += pieceSize) {
                writer.write(content, off, Math.min(pieceSize, content.length - off));
            }
        }

        assertThat(store.received()).allSatisfy(chunk -> assertThat(chunk.size()).isLessThanOrEqualTo(target));
        try (InputStream in = new ChunkReader(key, store, StreamPosition.START, store.size())) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }

    @Property(tries = 60)
    void readingFromAnyRecordedPositionYieldsTheRestOfTheStream(@ForAll("contents") byte[] content,
                                                                @ForAll @IntRange(min = 0, max = 1000) int permille)
            throws IOException {
        StreamKey key = key(BatchId.random());
        MemoryChunkStore store = new MemoryChunkStore();
        int split = (int) ((long) content.length * permille / 1000);
        StreamPosition position;
        try (ChunkWriter writer = new ChunkWriter(key, Compression.DEFAULT, new ChunkTarget(1500), store)) {
            writer.write(content, 0, split);
            position = writer.positionOfNextByte();
            writer.write(content, split, content.length - split);
            writer.write(0x7f);
        }

        try (InputStream in = new ChunkReader(key, store, position, store.size())) {
            byte[] expected = Arrays.copyOf(Arrays.copyOfRange(content, split, content.length + 1),
                    content.length - split + 1);
            expected[expected.length - 1] = 0x7f;
            assertThat(in.readAllBytes()).isEqualTo(expected);
        }
        assertThat(store.opened()).first().isEqualTo(position.chunkIndex());
    }

    @Test
    void anEmptyStreamIsOneEmptyLastChunk() throws IOException {
        StreamKey key = key(BatchId.random());
        MemoryChunkStore store = new MemoryChunkStore();
        new ChunkWriter(key, Compression.DEFAULT, ChunkTarget.DEFAULT, store).close();

        assertThat(store.received()).singleElement().satisfies(chunk -> {
            assertThat(chunk.last()).isTrue();
            assertThat(chunk.rawBytes()).isZero();
            assertThat(chunk.size()).isEqualTo(ChunkFormat.OVERHEAD_BYTES);
        });
        try (InputStream in = new ChunkReader(key, store, StreamPosition.START, 1)) {
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void theSameInputGivesByteIdenticalChunksSoResumeCanRecogniseThem() throws IOException {
        BatchId batch = BatchId.random();
        byte[] content = TestData.text(200_000, 5);
        List<String> first = hashesOf(batch, content);
        List<String> second = hashesOf(batch, content);
        byte[] changed = content.clone();
        changed[150_000] ^= 1;
        List<String> third = hashesOf(batch, changed);

        assertThat(second).isEqualTo(first);
        assertThat(third.get(0)).isEqualTo(first.get(0));
        assertThat(third).isNotEqualTo(first);
    }

    @Test
    void chunksReportWhatTheManifestAndIndexNeed() throws IOException {
        StreamKey key = key(BatchId.random());
        MemoryChunkStore store = new MemoryChunkStore();
        ChunkWriter writer = new ChunkWriter(key, Compression.DEFAULT, new ChunkTarget(4096), store);
        writer.write(TestData.random(10_000, 1));
        writer.close();

        List<ManifestChunk> recorded = writer.chunks();
        assertThat(recorded).hasSize(store.size());
        for (EncodedChunk chunk : store.received()) {
            assertThat(chunk.codec()).isEqualTo(Codec.NONE);
            assertThat(chunk.sha256()).isEqualTo(dev.dos.core.crypto.Sha256.hex(chunk.bytes()));
            assertThat(chunk.plaintextBytes()).isEqualTo(ChunkFormat.INNER_HEADER_BYTES + chunk.rawBytes());
            assertThat(recorded.get(chunk.index())).isEqualTo(chunk.toManifestChunk());
        }
        assertThat(writer.bytesWritten()).isEqualTo(10_000);
        assertThat(writer.storedBytes()).isEqualTo(store.storedBytes());
    }

    @Test
    void anAbortedWriterSealsNoLastChunk() throws IOException {
        MemoryChunkStore store = new MemoryChunkStore();
        ChunkWriter writer = new ChunkWriter(key(BatchId.random()), Compression.NONE, new ChunkTarget(1024), store);
        writer.write(new byte[5000]);
        writer.abort();
        writer.close();

        assertThat(store.received()).isNotEmpty().noneMatch(EncodedChunk::last);
    }

    @Provide
    Arbitrary<byte[]> contents() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(30_000);
        Arbitrary<byte[]> text = Arbitraries.integers().between(0, 100_000).map(n -> TestData.text(n, n));
        Arbitrary<byte[]> zeros = Arbitraries.integers().between(0, 300_000).map(byte[]::new);
        return Arbitraries.oneOf(random, text, zeros);
    }

    @Provide
    Arbitrary<Compression> compressions() {
        return Arbitraries.of(Compression.DEFAULT, Compression.of(Codec.GZIP), Compression.NONE);
    }

    private static List<String> hashesOf(BatchId batch, byte[] content) throws IOException {
        List<String> hashes = new ArrayList<>();
        try (ChunkWriter writer = new ChunkWriter(key(batch), Compression.DEFAULT, new ChunkTarget(8192),
                chunk -> hashes.add(chunk.sha256()))) {
            writer.write(content);
        }
        return hashes;
    }

    static StreamKey key(BatchId batch) {
        return KEY.streamKey(KeyPurpose.BATCH, batch.bytes());
    }
}
