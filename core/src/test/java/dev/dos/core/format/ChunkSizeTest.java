package dev.dos.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdOutputStream;
import dev.dos.core.compress.Codec;
import dev.dos.core.compress.Compression;
import dev.dos.core.crypto.KeyPurpose;
import dev.dos.core.crypto.MasterKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Chunks fit the upload limit, fill it, and cost almost nothing over plain compression. */
class ChunkSizeTest {
    private static final MasterKey KEY = MasterKey.generate();

    @Property(tries = 30)
    void noChunkEverExceedsTheTarget(@ForAll("kinds") String kind, @ForAll("compressions") Compression compression,
                                     @ForAll @IntRange(min = 1024, max = 300_000) int target) throws IOException {
        byte[] content = switch (kind) {
            case "random" -> TestData.random(400_000, target);
            case "text" -> TestData.text(800_000, target);
            case "zeros" -> new byte[2_000_000];
            default -> mixed(target);
        };
        List<EncodedChunk> chunks = pack(content, compression, new ChunkTarget(target), 65_536);

        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.size()).isLessThanOrEqualTo(target));
    }

    @Test
    void incompressibleDataIsStoredRawAtAFixedCostPerChunk() throws IOException {
        byte[] random = TestData.random(12_000_000, 1);
        ChunkTarget target = new ChunkTarget(1 << 20);
        List<EncodedChunk> chunks = pack(random, Compression.DEFAULT, target, 1 << 20);

        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.codec()).isEqualTo(Codec.NONE);
            assertThat(chunk.size()).isEqualTo(chunk.rawBytes() + ChunkFormat.OVERHEAD_BYTES);
        });
        fullChunksAreWithinAKibibyteOfTheTarget(chunks, target);
    }

    @Test
    void compressibleDataBecomesFewFullChunksNotManySmallOnes() throws IOException {
        byte[] text = TestData.text(50_000_000, 2);
        ChunkTarget target = ChunkTarget.DEFAULT;
        List<EncodedChunk> chunks = pack(text, Compression.DEFAULT, target, 1 << 20);
        long stored = chunks.stream().mapToLong(EncodedChunk::size).sum();

        assertThat(chunks.size()).isEqualTo((int) Math.ceilDiv(stored, target.bytes()));
        fullChunksAreWithinAKibibyteOfTheTarget(chunks, target);
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.codec()).isEqualTo(Codec.ZSTD));
    }

    @Test
    void storedBytesStayWithinOneThousandthOfSingleStreamCompression() throws IOException {
        byte[] content = new byte[60_000_000];
        // Text with an incompressible stretch, like a folder of documents and a few photos.
        System.arraycopy(TestData.text(45_000_000, 3), 0, content, 0, 45_000_000);
        System.arraycopy(TestData.random(15_000_000, 4), 0, content, 45_000_000, 15_000_000);

        List<EncodedChunk> chunks = pack(content, Compression.DEFAULT, ChunkTarget.DEFAULT, 1 << 20);
        long stored = chunks.stream().mapToLong(EncodedChunk::size).sum();
        long singleStream = zstdSize(content, 3);

        assertThat((double) stored / singleStream).isLessThan(1.001);
    }

    @Test
    void forBlobLimitLeavesHeadroomUnderTheRemotesLimit() {
        assertThat(ChunkTarget.DEFAULT.bytes()).isEqualTo(10 * 1024 * 1024 - 64 * 1024);
        assertThat(ChunkTarget.forBlobLimit(25L * 1024 * 1024).bytes()).isEqualTo(25 * 1024 * 1024 - 64 * 1024);
        assertThat(ChunkTarget.forBlobLimit(Long.MAX_VALUE).bytes()).isEqualTo(ChunkFormat.MAX_CHUNK_BYTES);
    }

    @Provide
    Arbitrary<String> kinds() {
        return Arbitraries.of("random", "text", "zeros", "mixed");
    }

    @Provide
    Arbitrary<Compression> compressions() {
        return Arbitraries.of(Compression.DEFAULT, Compression.of(Codec.GZIP), Compression.NONE,
                new Compression(Codec.ZSTD, 1));
    }

    private static void fullChunksAreWithinAKibibyteOfTheTarget(List<EncodedChunk> chunks, ChunkTarget target) {
        assertThat(chunks.size()).isGreaterThan(1);
        assertThat(chunks.subList(0, chunks.size() - 1))
                .allSatisfy(chunk -> assertThat(chunk.size()).isBetween(target.bytes() - 1024, target.bytes()));
    }

    private static byte[] mixed(long seed) {
        byte[] content = new byte[1_500_000];
        for (int block = 0; block < 15; block++) {
            byte[] part = switch (block % 3) {
                case 0 -> TestData.random(100_000, seed + block);
                case 1 -> TestData.text(100_000, seed + block);
                default -> new byte[100_000];
            };
            System.arraycopy(part, 0, content, block * 100_000, 100_000);
        }
        return content;
    }

    static List<EncodedChunk> pack(byte[] content, Compression compression, ChunkTarget target, int pieceSize)
            throws IOException {
        MemoryChunkStore store = new MemoryChunkStore();
        BatchId batch = BatchId.random();
        try (ChunkWriter writer = new ChunkWriter(KEY.streamKey(KeyPurpose.BATCH, batch.bytes()), compression, target,
                store)) {
            for (int off = 0; off < content.length; off += pieceSize) {
                writer.write(content, off, Math.min(pieceSize, content.length - off));
            }
        }
        return store.received();
    }

    private static long zstdSize(byte[] content, int level) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length / 2);
        try (OutputStream zstd = new ZstdOutputStream(out, level)) {
            zstd.write(content);
        }
        return out.size();
    }
}
