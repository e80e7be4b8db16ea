package dev.dos.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dos.core.compress.Compression;
import dev.dos.core.crypto.KeyPurpose;
import dev.dos.core.crypto.MasterKey;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ChunkHeaderTest {

    @Test
    void theClearHeaderSaysBatchAndIndexWithoutTheKey() throws IOException {
        BatchId batch = BatchId.random();
        MemoryChunkStore store = new MemoryChunkStore();
        try (ChunkWriter writer = new ChunkWriter(MasterKey.generate().streamKey(KeyPurpose.BATCH, batch.bytes()),
                Compression.NONE, new ChunkTarget(1024), store)) {
            writer.write(new byte[3000]);
        }

        for (int i = 0; i < store.size(); i++) {
            ChunkHeader header = ChunkHeader.parse(store.get(i));
            assertThat(header.batchId()).isEqualTo(batch);
            assertThat(header.index()).isEqualTo(i);
            assertThat(header.last()).isEqualTo(i == store.size() - 1);
        }
    }

    @Test
    void layoutIsTheDocumentedOne() throws IOException {
        BatchId batch = BatchId.parse("00112233445566778899AABBCCDDEEFF");
        MemoryChunkStore store = new MemoryChunkStore();
        try (ChunkWriter writer = new ChunkWriter(MasterKey.generate().streamKey(KeyPurpose.BATCH, batch.bytes()),
                Compression.NONE, new ChunkTarget(1024), store)) {
            writer.write(new byte[10]);
        }
        byte[] chunk = store.get(0);

        assertThat(new String(chunk, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("DOSC");
        assertThat(chunk[4]).isEqualTo((byte) 1);
        assertThat(chunk[5]).isEqualTo((byte) 1);
        assertThat(java.util.Arrays.copyOfRange(chunk, 6, 10)).containsExactly(0, 0, 0, 0);
        assertThat(java.util.Arrays.copyOfRange(chunk, 10, 26)).isEqualTo(batch.bytes());
        assertThat(chunk).hasSize(ChunkFormat.OVERHEAD_BYTES + 10);
        assertThat(ChunkFormat.HEADER_BYTES).isEqualTo(38);
        assertThat(ChunkFormat.OVERHEAD_BYTES).isEqualTo(59);
    }

    @Test
    void rejectsWhatIsNotAVersionOneChunk() {
        byte[] header = new byte[ChunkFormat.HEADER_BYTES];
        System.arraycopy(ChunkFormat.MAGIC, 0, header, 0, 4);
        header[4] = 1;

        byte[] badMagic = header.clone();
        badMagic[0] = 'X';
        assertReason(badMagic, IntegrityException.Reason.BAD_MAGIC);
        byte[] version2 = header.clone();
        version2[4] = 2;
        assertReason(version2, IntegrityException.Reason.UNKNOWN_VERSION);
        byte[] unknownFlag = header.clone();
        unknownFlag[5] = 2;
        assertReason(unknownFlag, IntegrityException.Reason.BAD_HEADER);
        byte[] negativeIndex = header.clone();
        negativeIndex[6] = (byte) 0x80;
        assertReason(negativeIndex, IntegrityException.Reason.BAD_HEADER);
        assertReason(new byte[10], IntegrityException.Reason.TRUNCATED);
    }

    @Test
    void batchIdsAreThirtyTwoHexDigitsAndMatchPrefixes() {
        BatchId id = BatchId.random();
        assertThat(id.hex()).hasSize(32).matches("[0-9a-f]{32}");
        assertThat(BatchId.fromBytes(id.bytes())).isEqualTo(id);
        assertThat(BatchId.parse(id.hex().toUpperCase())).isEqualTo(id);
        assertThat(id.hasPrefix(id.hex().substring(0, 6).toUpperCase())).isTrue();
        assertThat(id.hasPrefix("")).isFalse();
        assertThat(BatchId.random()).isNotEqualTo(id);
        assertThatThrownBy(() -> BatchId.parse("abc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BatchId.parse("g".repeat(32))).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertReason(byte[] chunk, IntegrityException.Reason reason) {
        assertThatThrownBy(() -> ChunkHeader.parse(chunk)).isInstanceOfSatisfying(IntegrityException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
