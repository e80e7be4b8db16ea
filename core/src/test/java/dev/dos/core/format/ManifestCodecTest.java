package dev.dos.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dos.core.compress.Codec;
import dev.dos.core.compress.Compression;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.crypto.WrongKeyException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ManifestCodecTest {
    private static final MasterKey KEY = MasterKey.generate();

    @Test
    void roundTripsEveryField() throws IOException {
        BatchManifest manifest = sample(BatchId.random(), 3);

        BatchManifest decoded = ManifestCodec.decode(ManifestCodec.encode(manifest, KEY), KEY);

        assertThat(decoded).isEqualTo(manifest);
        assertThat(decoded.storedBytes()).isEqualTo(manifest.storedBytes());
    }

    @Test
    void theEnvelopeNamesBatchAndKeyButNoEntry() throws IOException {
        BatchManifest manifest = sample(BatchId.random(), 50);
        byte[] envelope = ManifestCodec.encode(manifest, KEY);

        assertThat(ManifestCodec.batchIdOf(envelope)).isEqualTo(manifest.batchId());
        assertThat(ManifestCodec.fingerprintOf(envelope)).isEqualTo(KEY.fingerprint());
        String latin1 = new String(envelope, StandardCharsets.ISO_8859_1);
        assertThat(latin1).doesNotContain("secret-folder").doesNotContain("dos-manifest").doesNotContain("Ünïcødé");
        assertThat(latin1).startsWith("DOSM");
    }

    @Test
    void anotherKeyIsAWrongKeyNotGarbage() throws IOException {
        byte[] envelope = ManifestCodec.encode(sample(BatchId.random(), 2), KEY);

        assertThatThrownBy(() -> ManifestCodec.decode(envelope, MasterKey.generate()))
                .isInstanceOf(WrongKeyException.class).hasMessage("wrong key");
    }

    @Property(tries = 200)
    void anyFlippedBitIsRefused(@ForAll @IntRange(min = 0, max = 100_000) int where,
                                @ForAll @IntRange(min = 0, max = 7) int bit) throws IOException {
        byte[] envelope = ManifestCodec.encode(sample(BatchId.random(), 5), KEY);
        envelope[where % envelope.length] ^= (byte) (1 << bit);

        assertThatThrownBy(() -> ManifestCodec.decode(envelope, KEY))
                .isInstanceOfAny(IntegrityException.class, WrongKeyException.class);
    }

    @Test
    void truncatedExtendedOrForeignEnvelopesAreRefused() throws IOException {
        byte[] envelope = ManifestCodec.encode(sample(BatchId.random(), 5), KEY);

        assertThatThrownBy(() -> ManifestCodec.decode(java.util.Arrays.copyOf(envelope, envelope.length - 1), KEY))
                .isInstanceOf(IntegrityException.class);
        assertThatThrownBy(() -> ManifestCodec.decode(java.util.Arrays.copyOf(envelope, envelope.length + 1), KEY))
                .isInstanceOf(IntegrityException.class);
        assertThatThrownBy(() -> ManifestCodec.decode(new byte[10], KEY)).isInstanceOf(IntegrityException.class);
        byte[] relabelled = envelope.clone();
        System.arraycopy(BatchId.random().bytes(), 0, relabelled, 6, BatchId.BYTES);
        assertThatThrownBy(() -> ManifestCodec.decode(relabelled, KEY))
                .isInstanceOfSatisfying(IntegrityException.class,
                        e -> assertThat(e.reason()).isEqualTo(IntegrityException.Reason.AUTH_FAILED));
    }

    @Test
    void decodesFromAStreamOfConcatenatedParts() throws IOException {
        BatchManifest manifest = sample(BatchId.random(), 2000);
        byte[] envelope = ManifestCodec.encode(manifest, KEY);

        assertThat(ManifestCodec.decode(new ByteArrayInputStream(envelope), KEY)).isEqualTo(manifest);
    }

    @Test
    void aManifestCannotDescribeChunksOutOfOrderOrEntriesGoingBackwards() {
        BatchManifest valid = sample(BatchId.random(), 30);
        List<ManifestEntry> backwards = new ArrayList<>(valid.entries());
        backwards.add(backwards.get(0));
        assertThatThrownBy(() -> new BatchManifest(valid.batchId(), valid.createdAt(), valid.compression(),
                valid.chunkTargetBytes(), 0, 0, valid.chunks(), backwards))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BatchManifest(valid.batchId(), valid.createdAt(), valid.compression(),
                valid.chunkTargetBytes(), 0, 0, valid.chunks().subList(1, 3), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void chunkSpansRunToTheNextEntrysStart() {
        List<ManifestChunk> chunks = List.of(chunk(0), chunk(1), chunk(2), chunk(3), chunk(4));
        List<ManifestEntry> entries = List.of(file("a", 0, 0), file("b", 0, 512), file("c", 2, 0),
                file("d", 3, 100));
        BatchManifest manifest = new BatchManifest(BatchId.random(), Instant.EPOCH, Compression.DEFAULT, 4096, 0, 0,
                chunks, entries);

        assertThat(manifest.spanOf(0)).isEqualTo(new ChunkSpan(0, 0));
        assertThat(manifest.spanOf(1)).isEqualTo(new ChunkSpan(0, 1));
        assertThat(manifest.spanOf(2)).isEqualTo(new ChunkSpan(2, 3));
        assertThat(manifest.spanOf(3)).isEqualTo(new ChunkSpan(3, 4));
    }

    static BatchManifest sample(BatchId id, int entryCount) {
        List<ManifestEntry> entries = new ArrayList<>();
        entries.add(new ManifestEntry("secret-folder", EntryType.DIR, 0, 0755, 1_700_000_000_123L, null, null, 0, 0));
        entries.add(new ManifestEntry("secret-folder/link", EntryType.SYMLINK, 0, 0777, -5L, null, "../Ünïcødé", 0,
                512));
        for (int i = 2; i < entryCount; i++) {
            entries.add(new ManifestEntry("secret-folder/Ünïcødé " + i + ".txt", EntryType.FILE, i * 1000L, 0644,
                    1_700_000_000_000L + i, "ab".repeat(32), null, i / 10, (i % 10) * 1024L));
        }
        int chunkCount = Math.max(1, entryCount / 10 + 1);
        List<ManifestChunk> chunks = new ArrayList<>();
        for (int i = 0; i < chunkCount; i++) {
            chunks.add(chunk(i));
        }
        return new BatchManifest(id, Instant.parse("2025-01-31T12:00:00.123Z"), new Compression(Codec.GZIP, 9),
                4096, 123_456, 789_012, chunks, entries);
    }

    private static ManifestChunk chunk(int index) {
        return new ManifestChunk(index, 4000 + index, 9000 + index, "cd".repeat(32));
    }

    private static ManifestEntry file(String path, int chunk, long offset) {
        return new ManifestEntry(path, EntryType.FILE, 1, 0644, 0, "00".repeat(32), null, chunk, offset);
    }
}
