package dev.dos.core.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SegmentEncoderTest {
    private static final int OFFSET = 5;

    @Property(tries = 60)
    void payloadsNeverExceedTheBudgetAndDecodeToTheInput(@ForAll("compressions") Compression compression,
                                                         @ForAll("contents") byte[] content,
                                                         @ForAll @IntRange(min = 600, max = 20_000) int budget,
                                                         @ForAll @IntRange(min = 1, max = 70_000) int writeSize)
            throws IOException {
        List<byte[]> decoded = new ArrayList<>();
        encodeAll(compression, content, budget, writeSize, (segment, output) -> {
            assertThat(segment.payloadLength()).isLessThanOrEqualTo(budget);
            decoded.add(decode(segment, output));
        });
        assertThat(concat(decoded)).isEqualTo(content);
    }

    @Test
    void incompressibleSegmentsAreStoredRawAndNeverGrow() throws IOException {
        byte[] random = randomBytes(200_000, 1);
        List<SegmentEncoder.EncodedSegment> segments = new ArrayList<>();
        encodeAll(Compression.DEFAULT, random, 30_000, 8192, (segment, output) -> segments.add(segment));

        assertThat(segments).allSatisfy(segment -> {
            assertThat(segment.codec()).isEqualTo(Codec.NONE);
            assertThat((long) segment.payloadLength()).isEqualTo(segment.rawLength());
        });
    }

    @Test
    void compressibleInputFillsSegmentsToWithinAKibibyteOfTheBudget() throws IOException {
        byte[] text = textLike(3_000_000, 7);
        int budget = 100_000;
        List<SegmentEncoder.EncodedSegment> segments = new ArrayList<>();
        encodeAll(Compression.DEFAULT, text, budget, 10_000, (segment, output) -> segments.add(segment));

        assertThat(segments.size()).isGreaterThan(2);
        for (SegmentEncoder.EncodedSegment full : segments.subList(0, segments.size() - 1)) {
            assertThat(full.codec()).isEqualTo(Codec.ZSTD);
            assertThat(full.payloadLength()).isBetween(budget - 1024, budget);
        }
    }

    @Test
    void gzipSegmentsFillTheBudgetToo() throws IOException {
        byte[] text = textLike(1_000_000, 3);
        int budget = 50_000;
        List<SegmentEncoder.EncodedSegment> segments = new ArrayList<>();
        encodeAll(Compression.of(Codec.GZIP), text, budget, 4096, (segment, output) -> segments.add(segment));

        for (SegmentEncoder.EncodedSegment full : segments.subList(0, segments.size() - 1)) {
            assertThat(full.codec()).isEqualTo(Codec.GZIP);
            assertThat(full.payloadLength()).isBetween(budget - 1024, budget);
        }
    }

    @Test
    void theRawLimitCutsHighlyCompressibleSegments() throws IOException {
        byte[] zeros = new byte[1_000_000];
        List<SegmentEncoder.EncodedSegment> segments = new ArrayList<>();
        byte[] output = new byte[OFFSET + 10_000];
        try (SegmentEncoder encoder = new SegmentEncoder(Compression.DEFAULT, output, OFFSET, 10_000, 300_000)) {
            feed(encoder, zeros, 65536, (segment, out) -> segments.add(segment), output);
        }
        assertThat(segments).extracting(SegmentEncoder.EncodedSegment::rawLength)
                .containsExactly(300_000L, 300_000L, 300_000L, 100_000L);
    }

    @Test
    void worstCaseGrowthBoundsTheFeedExactly() {
        for (long free : new long[] {129, 200, 1000, 4096, 131_072, 10_000_000}) {
            long k = SegmentEncoder.maxFeedFor(free);
            assertThat(SegmentCompressor.worstCaseGrowth(k)).isLessThanOrEqualTo(free);
            assertThat(SegmentCompressor.worstCaseGrowth(k + 1)).isGreaterThan(free);
        }
        assertThat(SegmentEncoder.maxFeedFor(128)).isZero();
    }

    @Test
    void levelsOutsideTheCodecsRangeAreRejected() {
        assertThatThrownBy(() -> new Compression(Codec.ZSTD, 20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Compression(Codec.GZIP, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Codec.fromLabel("ZSTD")).isEqualTo(Codec.ZSTD);
        assertThat(Codec.fromId(9)).isNull();
    }

    @Provide
    Arbitrary<Compression> compressions() {
        return Arbitraries.of(Compression.DEFAULT, Compression.of(Codec.GZIP), Compression.NONE,
                new Compression(Codec.ZSTD, 19));
    }

    @Provide
    Arbitrary<byte[]> contents() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(60_000);
        Arbitrary<byte[]> text = Arbitraries.integers().between(0, 200_000).map(n -> textLike(n, n));
        Arbitrary<byte[]> zeros = Arbitraries.integers().between(0, 500_000).map(byte[]::new);
        return Arbitraries.oneOf(random, text, zeros);
    }

    interface SegmentCheck {
        void accept(SegmentEncoder.EncodedSegment segment, byte[] output) throws IOException;
    }

    private static void encodeAll(Compression compression, byte[] content, int budget, int writeSize,
                                  SegmentCheck check) throws IOException {
        byte[] output = new byte[OFFSET + budget];
        try (SegmentEncoder encoder = new SegmentEncoder(compression, output, OFFSET, budget, 64L * budget)) {
            feed(encoder, content, writeSize, check, output);
        }
    }

    private static void feed(SegmentEncoder encoder, byte[] content, int writeSize, SegmentCheck check,
                             byte[] output) throws IOException {
        encoder.start();
        int off = 0;
        while (off < content.length) {
            int n = encoder.write(content, off, Math.min(writeSize, content.length - off));
            if (n == 0) {
                assertThat(encoder.isFull()).isTrue();
                check.accept(encoder.finish(), output);
                encoder.start();
            }
            off += n;
        }
        check.accept(encoder.finish(), output);
    }

    private static byte[] decode(SegmentEncoder.EncodedSegment segment, byte[] output) throws IOException {
        try (InputStream in = SegmentDecompressor.open(segment.codec(),
                new ByteArrayInputStream(output, OFFSET, segment.payloadLength()))) {
            byte[] bytes = in.readAllBytes();
            assertThat((long) bytes.length).isEqualTo(segment.rawLength());
            return bytes;
        }
    }

    private static byte[] concat(List<byte[]> parts) {
        byte[] all = new byte[parts.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Words from a small vocabulary: compresses about 3:1 to 5:1, like source code or logs. */
    static byte[] textLike(int n, long seed) {
        String[] words = {"the", "chunk", "segment", "object", "store", "discord", "encrypted", "batch", "file",
            "manifest", "restore", "key", "and", "of", "to", "42", "0x1f", "\n", "error", "warning"};
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(n + 16);
        while (text.length() < n) {
            text.append(words[random.nextInt(words.length)]).append(random.nextInt(50) == 0 ? random.nextInt() : "")
                    .append(' ');
        }
        return Arrays.copyOf(text.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII), n);
    }
}
