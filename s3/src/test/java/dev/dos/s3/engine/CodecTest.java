package dev.dos.s3.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dos.core.crypto.MasterKey;
import dev.dos.core.format.IntegrityException;
import dev.dos.core.remote.Post;
import dev.dos.s3.engine.IndexRows.LanePost;
import dev.dos.s3.store.ObjectMeta;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bytes of docs/FORMAT.md section 16: journal lines, sealed records, the card. */
class CodecTest {
    private static final String STORE = "0123456789abcdef0123456789abcdef";

    @Test
    void everyEntryTypeSurvivesARoundTripThroughItsJsonLine() throws IOException {
        ObjectMeta meta = new ObjectMeta("text/plain", Map.of("cache-control", "no-cache"), Map.of("é", "ü \n"));
        List<JournalEntry> entries = List.of(
                new JournalEntry.BucketCreate("bkt", 1),
                new JournalEntry.BucketDelete("bkt"),
                new JournalEntry.PostEntry(1, "123", 456, 0),
                new JournalEntry.PostEntry(0, "124", 0, 17),
                new JournalEntry.Data("aa".repeat(16), List.of(ChunkLoc.inThisPost(10, 69, 0, 0),
                        ChunkLoc.at(5, 64, 2, "999", "1000", 70))),
                new JournalEntry.Put("bkt", "a/ké y\u0000", 15, "d41d8cd98f00b204e9800998ecf8427e-2", 7, "v1", meta,
                        List.of("aa".repeat(16), "bb".repeat(16))),
                new JournalEntry.Put("bkt", "none", 0, "e", 7, "v2", ObjectMeta.NONE, List.of("cc".repeat(16))),
                new JournalEntry.Delete("bkt", "k"),
                new JournalEntry.UploadStart("u1", "bkt", "k", 9, meta),
                new JournalEntry.Part("u1", 10_000, 5, "etag", 11, "dd".repeat(16)),
                new JournalEntry.Abort("u1"),
                new JournalEntry.Move("aa".repeat(16), 3, ChunkLoc.inThisPost(1, 60, 1, 128)));
        JournalCodec.Header header = new JournalCodec.Header(JournalCodec.JOURNAL, STORE, 42, 1000, List.of(),
                List.of());
        byte[] plain = JournalCodec.record(header, entries);
        BufferedReader lines = new BufferedReader(new StringReader(new String(plain, StandardCharsets.UTF_8)));
        assertThat(JournalCodec.parseHeader(lines.readLine())).isEqualTo(header);
        List<JournalEntry> back = new ArrayList<>();
        for (String line; (line = lines.readLine()) != null; ) {
            back.add(JournalCodec.parseEntry(line));
        }
        assertThat(back).isEqualTo(entries);
    }

    @Test
    void aCheckpointHeaderCarriesLanesAndCursors() throws IOException {
        java.util.List<String> cursors = new ArrayList<>();
        cursors.add("55");
        cursors.add(null);
        JournalCodec.Header header = new JournalCodec.Header(JournalCodec.CHECKPOINT, STORE, 9, 1, List.of("1", "2"),
                cursors);
        String line = new String(JournalCodec.record(header, List.of()), StandardCharsets.UTF_8).strip();
        assertThat(JournalCodec.parseHeader(line)).isEqualTo(header);
    }

    @Test
    void unknownEntriesAndMissingFieldsAreRefusedNotGuessed() {
        assertThatThrownBy(() -> JournalCodec.parseEntry("{\"t\":\"teleport\"}")).isInstanceOf(IOException.class)
                .hasMessageContaining("unknown journal entry type");
        assertThatThrownBy(() -> JournalCodec.parseEntry("{\"t\":\"delete\",\"b\":\"x\"}"))
                .isInstanceOf(IOException.class).hasMessageContaining("'k'");
        assertThatThrownBy(() -> JournalCodec.parseHeader("{\"r\":\"journal\",\"v\":2,\"store\":\"x\",\"seq\":1,\"at\":1}"))
                .isInstanceOf(IOException.class).hasMessageContaining("version");
    }

    @Test
    void aSealedRecordOpensOnlyWithItsKeyAndNeverAsAnotherPurpose() throws IOException {
        MasterKey key = MasterKey.generate();
        byte[] plain = "{\"r\":\"journal\"}\n".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = Sealing.sealRecord(key, plain, 1 << 20);
        assertThat(Sealing.openRecord(key, sealed, 1 << 20)).isEqualTo(plain);
        assertThatThrownBy(() -> Sealing.openRecord(MasterKey.generate(), sealed, 1 << 20))
                .isInstanceOf(IntegrityException.class);
        byte[] tampered = sealed.clone();
        tampered[tampered.length - 1] ^= 1;
        assertThatThrownBy(() -> Sealing.openRecord(key, tampered, 1 << 20)).isInstanceOf(IntegrityException.class);
    }

    @Test
    void theCardSaysIdsAndCountsOnlyAndParsesBack() {
        StoreCard card = new StoreCard("1", STORE, "ff".repeat(16), List.of("10", "11", "12"), 1200,
                "ee".repeat(16), 3, List.of(new LanePost(0, "500"), new LanePost(2, "501")));
        Post post = new Post("index", "1", card.render(), Instant.EPOCH, List.of(), true);
        assertThat(StoreCard.parse(post)).contains(card);
        assertThat(StoreCard.find(List.of(post), "ff".repeat(16))).contains(card);
        assertThat(StoreCard.find(List.of(post), "00".repeat(16))).isEmpty();
        Post foreign = new Post("index", "1", card.render(), Instant.EPOCH, List.of(), false);
        assertThat(StoreCard.find(List.of(foreign), "ff".repeat(16))).as("not ours: never trusted").isEmpty();

        StoreCard fresh = new StoreCard("2", STORE, "ff".repeat(16), List.of("10"), 0, null, 0, List.of());
        assertThat(fresh.render()).contains("seq=0 checkpoint=none");
        assertThat(StoreCard.parse(new Post("index", "2", fresh.render(), Instant.EPOCH, List.of(), true)))
                .contains(fresh);
    }

    @Test
    void blobNamesCarryIdsAndNumbersOnly() {
        assertThat(S3Names.lane(STORE, 3)).isEqualTo("dos-s3-" + STORE + "-3");
        assertThat(S3Names.dataChunk(STORE, 7)).isEqualTo(STORE + "-000007.s3c");
        assertThat(S3Names.pack(STORE, 12, 1)).isEqualTo(STORE + "-12-01.s3p");
        assertThat(S3Names.record(STORE, 12)).isEqualTo(STORE + "-12.s3j");
        assertThat(S3Names.checkpointIndex(STORE, S3Names.checkpointChunk(STORE, 5))).hasValue(5);
        assertThat(S3Names.checkpointIndex(STORE, "other-000005.s3k")).isEmpty();
    }
}
