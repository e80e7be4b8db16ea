package dev.dos.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.github.luben.zstd.Zstd;
import dev.dos.core.compress.Codec;
import dev.dos.core.compress.Compression;
import dev.dos.core.crypto.KeyPurpose;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.crypto.StreamKey;
import dev.dos.core.format.IntegrityException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Every way of damaging, reordering, swapping or cutting chunks is detected, and no byte of an
 * unauthenticated chunk is ever released.
 */
class ChunkTamperTest {
    private static final MasterKey KEY = MasterKey.generate();
    private static final Compression[] COMPRESSIONS = {Compression.DEFAULT, Compression.NONE};

    @Property(tries = 300)
    void anyFlippedBitInAnyChunkIsDetectedBeforeItsBytesAreReleased(
            @ForAll @IntRange(min = 0, max = 1_000_000) int where, @ForAll @IntRange(min = 0, max = 7) int bit,
            @ForAll @IntRange(min = 0, max = 1) int compression) throws IOException {
        Batch batch = Batch.of(TestData.text(20_000, where), COMPRESSIONS[compression]);
        int chunk = where % batch.store.size();
        batch.store.change(chunk, bytes -> {
            bytes[where % bytes.length] ^= (byte) (1 << bit);
            return bytes;
        });

        batch.assertDetected(chunk);
    }

    @Property(tries = 100)
    void truncatedOrExtendedChunksAreDetected(@ForAll @IntRange(min = 0, max = 1_000_000) int where,
                                              @ForAll @IntRange(min = -200, max = 200) int delta) throws IOException {
        Batch batch = Batch.of(TestData.random(8_000, where), Compression.DEFAULT);
        int chunk = where % batch.store.size();
        int change = delta == 0 ? 1 : delta;
        batch.store.change(chunk, bytes -> Arrays.copyOf(bytes, Math.max(0, bytes.length + change)));

        batch.assertDetected(chunk);
    }

    @Test
    void swappedChunksAreAtTheWrongIndex() throws IOException {
        Batch batch = Batch.of(TestData.random(8_000, 1), Compression.NONE);
        byte[] first = batch.store.get(1);
        batch.store.put(1, batch.store.get(2));
        batch.store.put(2, first);

        assertThat(batch.assertDetected(1).reason()).isEqualTo(Reason.WRONG_INDEX);
    }

    @Test
    void aChunkOfAnotherBatchIsRefusedEvenWhenRelabelled() throws IOException {
        Batch batch = Batch.of(TestData.random(8_000, 1), Compression.NONE);
        Batch other = Batch.of(TestData.random(8_000, 2), Compression.NONE);
        batch.store.put(2, other.store.get(2));
        assertThat(batch.assertDetected(2).reason()).isEqualTo(Reason.WRONG_BATCH);

        byte[] relabelled = other.store.get(2);
        System.arraycopy(batch.id.bytes(), 0, relabelled, 10, BatchId.BYTES);
        batch.store.put(2, relabelled);
        assertThat(batch.assertDetected(2).reason()).isEqualTo(Reason.AUTH_FAILED);
    }

    @Test
    void aDroppedLastChunkIsDetectedWithOrWithoutTheChunkCount() throws IOException {
        Batch batch = Batch.of(TestData.random(8_000, 1), Compression.NONE);
        int last = batch.store.size() - 1;
        batch.store.remove(last);

        assertThat(batch.assertDetected(last, last + 1).reason()).isEqualTo(Reason.MISSING);
        assertThat(batch.assertDetected(last, -1).reason()).isEqualTo(Reason.MISSING);
        // Knowing the count, a stream cut before its last chunk is caught at the chunk before.
        assertThat(batch.assertDetected(last - 1, last).reason()).isEqualTo(Reason.TRUNCATED);
    }

    @Test
    void aLastFlagStrippedOrAddedFailsAuthenticationOrTheChunkCount() throws IOException {
        Batch batch = Batch.of(TestData.random(8_000, 1), Compression.NONE);
        int last = batch.store.size() - 1;
        batch.store.change(last, bytes -> {
            bytes[5] = 0;
            return bytes;
        });
        assertThat(batch.assertDetected(last).reason()).isEqualTo(Reason.AUTH_FAILED);
        assertThat(batch.assertDetected(last, -1).reason()).isEqualTo(Reason.AUTH_FAILED);

        Batch cut = Batch.of(TestData.random(8_000, 1), Compression.NONE);
        cut.store.change(1, bytes -> {
            bytes[5] = 1;
            return bytes;
        });
        assertThat(cut.assertDetected(1, -1).reason()).isEqualTo(Reason.AUTH_FAILED);
    }

    @Test
    void anAuthenticLastChunkBeforeTheManifestsCountIsTruncation() throws IOException {
        Batch batch = Batch.of(TestData.random(8_000, 1), Compression.NONE);
        int last = batch.store.size() - 1;

        assertThat(batch.assertDetected(last, last + 2).reason()).isEqualTo(Reason.TRUNCATED);
    }

    @Test
    void theWrongKeyFailsAuthentication() throws IOException {
        Batch batch = Batch.of(TestData.random(8_000, 1), Compression.NONE);
        StreamKey wrong = MasterKey.generate().streamKey(KeyPurpose.BATCH, batch.id.bytes());

        IntegrityException e = Batch.readExpectingFailure(wrong, batch.store, batch.store.size(), new byte[0], 0);
        assertThat(e.reason()).isEqualTo(Reason.AUTH_FAILED);
        assertThat(e.chunkIndex()).isZero();
        assertThat(e.batchId()).isEqualTo(batch.id);
    }

    @Test
    void aSegmentDecodingToMoreOrLessThanItDeclaresIsRefused() throws IOException {
        byte[] frame = Zstd.compress(new byte[100_000], 3);
        for (long declared : new long[] {10, 99_999, 100_001}) {
            Batch batch = Batch.of(TestData.random(8_000, 1), Compression.NONE);
            batch.store.put(0, sealedByTheKeyHolder(batch.key, Codec.ZSTD, frame, declared));
            // The chunk is authentic (made with the key), so up to its declared length may be released.
            IntegrityException e = Batch.readExpectingFailure(batch.key, batch.store, batch.store.size(),
                    new byte[100_000], declared);
            assertThat(e.reason()).as("declared %d", declared).isEqualTo(Reason.BAD_PAYLOAD);
            assertThat(e.chunkIndex()).isZero();
        }
    }

    @Test
    void aSegmentDeclaringMoreThanTheFormatAllowsIsRefusedBeforeDecoding() throws IOException {
        Batch batch = Batch.of(TestData.random(8_000, 1), Compression.NONE);
        byte[] frame = Zstd.compress(new byte[10], 3);
        batch.store.put(0, sealedByTheKeyHolder(batch.key, Codec.ZSTD, frame, ChunkFormat.MAX_SEGMENT_BYTES + 1));

        assertThat(batch.assertDetected(0).reason()).isEqualTo(Reason.TOO_LARGE);
    }

    /** A chunk 0 only someone holding the key could make, with any payload and declared length. */
    private static byte[] sealedByTheKeyHolder(StreamKey key, Codec codec, byte[] payload, long declaredLength) {
        byte[] plain = new byte[ChunkFormat.INNER_HEADER_BYTES + payload.length];
        System.arraycopy(payload, 0, plain, ChunkFormat.INNER_HEADER_BYTES, payload.length);
        EncodedChunk chunk = ChunkSealer.seal(key, 0, false, plain, payload.length, codec, 0);
        byte[] plainWithLie = plain.clone();
        java.nio.ByteBuffer.wrap(plainWithLie, 1, 4).putInt((int) declaredLength);
        byte[] header = Arrays.copyOf(chunk.bytes(), ChunkFormat.HEADER_BYTES);
        byte[] out = Arrays.copyOf(header, ChunkFormat.HEADER_BYTES + plainWithLie.length + 16);
        dev.dos.core.crypto.AesGcm.encrypt(key.cipherKey(), Arrays.copyOfRange(header, 26, 38), header,
                ChunkFormat.HEADER_BYTES, plainWithLie, 0, plainWithLie.length, out, ChunkFormat.HEADER_BYTES);
        return out;
    }

    /** A small batch of 1 KiB chunks, and the bytes each chunk decodes to. */
    private record Batch(BatchId id, StreamKey key, MemoryChunkStore store, byte[] content, long[] chunkStarts) {
        static Batch of(byte[] content, Compression compression) throws IOException {
            BatchId id = BatchId.random();
            StreamKey key = KEY.streamKey(KeyPurpose.BATCH, id.bytes());
            MemoryChunkStore store = new MemoryChunkStore();
            try (ChunkWriter writer = new ChunkWriter(key, compression, new ChunkTarget(1024), store)) {
                writer.write(content);
            }
            long[] starts = new long[store.size()];
            long at = 0;
            for (EncodedChunk chunk : store.received()) {
                starts[chunk.index()] = at;
                at += chunk.rawBytes();
            }
            assertThat(store.size()).isGreaterThan(3);
            return new Batch(id, key, store, content, starts);
        }

        IntegrityException assertDetected(int damagedChunk) {
            return assertDetected(damagedChunk, store.size());
        }

        /** Reading fails at the damaged chunk, having released only bytes of the chunks before it. */
        IntegrityException assertDetected(int damagedChunk, int chunkCount) {
            IntegrityException e = readExpectingFailure(key, store, chunkCount, content, chunkStarts[damagedChunk]);
            assertThat(e.chunkIndex()).isEqualTo(damagedChunk);
            assertThat(e.batchId()).isEqualTo(id);
            return e;
        }

        static IntegrityException readExpectingFailure(StreamKey key, MemoryChunkStore store, int chunkCount,
                                                       byte[] content, long maxReleased) {
            ByteArrayOutputStream released = new ByteArrayOutputStream();
            try (ChunkReader reader = new ChunkReader(key, store, StreamPosition.START, chunkCount)) {
                byte[] buffer = new byte[100];
                for (int n; (n = reader.read(buffer)) >= 0; ) {
                    released.write(buffer, 0, n);
                }
            } catch (IntegrityException e) {
                byte[] out = released.toByteArray();
                assertThat((long) out.length).isLessThanOrEqualTo(maxReleased);
                assertThat(out).isEqualTo(Arrays.copyOf(content, out.length));
                return e;
            } catch (IOException e) {
                fail("expected an IntegrityException, got " + e);
            }
            return fail("damage went undetected");
        }
    }
}
