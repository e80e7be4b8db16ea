package dev.dos.core.meta;

import static dev.dos.core.meta.Fixtures.T0;
import static dev.dos.core.meta.Fixtures.batch;
import static dev.dos.core.meta.Fixtures.id;
import static dev.dos.core.meta.Fixtures.uploading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dos.testkit.FakeClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchStoreTest {
    @TempDir
    Path dir;
    FakeClock clock = FakeClock.at("2025-06-01T12:00:00.123456Z");
    SqliteMetadataStore store;

    @BeforeEach
    void open() {
        store = SqliteMetadataStore.open(dir.resolve("metadata.db"), clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void insertedBatchReadsBackFieldForField() {
        BatchRecord b = new BatchRecord(id(0xabc), "photos, docs", BatchState.UPLOADING,
                Instant.parse("2025-02-03T04:05:06.789Z"), null, "zstd", 1234, 567, 8, 9, 1, "fp",
                "1200000000000000001", null);
        store.insertBatch(b);
        assertThat(store.batch(id(0xabc))).contains(b);
        assertThat(store.batch(id(0xabd))).isEmpty();
    }

    @Test
    void timesAreKeptToTheMillisecond() {
        BatchRecord b = uploading(id(1)).withCompletedAt(Instant.parse("2025-01-01T00:00:00.123456789Z"));
        assertThat(b.completedAt()).isEqualTo(Instant.parse("2025-01-01T00:00:00.123Z"));
        store.insertBatch(b);
        assertThat(store.batch(id(1)).orElseThrow().completedAt()).isEqualTo(b.completedAt());
    }

    @Test
    void insertingATakenIdIsRefused() {
        store.insertBatch(uploading(id(1)));
        assertThatThrownBy(() -> store.insertBatch(batch(id(1), "other", T0, 1)))
                .isInstanceOf(MetadataException.AlreadyExists.class);
        assertThat(store.batch(id(1)).orElseThrow().state()).isEqualTo(BatchState.UPLOADING);
    }

    @Test
    void updateReplacesEveryFieldAndMissingBatchIsNotFound() {
        store.insertBatch(uploading(id(1)));
        BatchRecord done = uploading(id(1)).withTotals(100, 60, 4, 2).withRemoteIds("thread", "card")
                .withState(BatchState.COMPLETE).withCompletedAt(T0.plusSeconds(5));
        store.updateBatch(done);
        assertThat(store.batch(id(1))).contains(done);
        assertThatThrownBy(() -> store.updateBatch(uploading(id(2)))).isInstanceOf(MetadataException.NotFound.class);
    }

    @Test
    void moveIsACompareAndSetThatStampsCompletion() {
        store.insertBatch(uploading(id(1)));

        assertThat(store.moveBatch(id(1), BatchState.INCOMPLETE, BatchState.UPLOADING)).isFalse();
        assertThat(store.moveBatch(id(1), BatchState.UPLOADING, BatchState.COMPLETE)).isTrue();
        BatchRecord complete = store.batch(id(1)).orElseThrow();
        assertThat(complete.state()).isEqualTo(BatchState.COMPLETE);
        assertThat(complete.completedAt()).isEqualTo(Instant.parse("2025-06-01T12:00:00.123Z"));

        clock.advanceSeconds(3600);
        assertThat(store.moveBatch(id(1), BatchState.COMPLETE, BatchState.DAMAGED)).isTrue();
        assertThat(store.moveBatch(id(1), BatchState.DAMAGED, BatchState.COMPLETE)).isTrue();
        assertThat(store.batch(id(1)).orElseThrow().completedAt())
                .as("a re-verified batch keeps its first completion time").isEqualTo(complete.completedAt());
    }

    @Test
    void forbiddenMovesAndMissingBatchesAreErrors() {
        store.insertBatch(uploading(id(1)));
        assertThatThrownBy(() -> store.moveBatch(id(1), BatchState.DELETING, BatchState.COMPLETE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.moveBatch(id(1), BatchState.UPLOADING, BatchState.DAMAGED))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.moveBatch(id(9), BatchState.UPLOADING, BatchState.COMPLETE))
                .isInstanceOf(MetadataException.NotFound.class);
        assertThat(store.batch(id(1)).orElseThrow().state()).isEqualTo(BatchState.UPLOADING);
    }

    @Test
    void prefixResolvesAUniqueBatchCaseInsensitively() {
        store.insertBatch(batch("abcdef" + "0".repeat(26), "one", T0, 1));
        store.insertBatch(batch("abd" + "0".repeat(29), "two", T0, 1));

        assertThat(store.findBatchByPrefix("ABCD")).map(BatchRecord::name).contains("one");
        assertThat(store.findBatchByPrefix("abd")).map(BatchRecord::name).contains("two");
        assertThat(store.findBatchByPrefix("abcdef" + "0".repeat(26))).map(BatchRecord::name).contains("one");
    }

    @Test
    void prefixMatchingNothingOrNotHexIsEmpty() {
        store.insertBatch(batch("abcdef" + "0".repeat(26), "one", T0, 1));
        assertThat(store.findBatchByPrefix("abce")).isEmpty();
        assertThat(store.findBatchByPrefix("ab-c")).isEmpty();
        assertThat(store.findBatchByPrefix("g")).isEmpty();
        assertThat(store.findBatchByPrefix("a".repeat(33))).isEmpty();
        assertThatThrownBy(() -> store.findBatchByPrefix("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ambiguousPrefixListsItsCandidatesOldestFirst() {
        for (int i = 0; i < 12; i++) {
            store.insertBatch(batch("ab" + String.format("%030x", i), "batch " + i, T0.plusSeconds(100 - i), 1));
        }
        store.insertBatch(batch("ac" + "0".repeat(30), "elsewhere", T0, 1));

        assertThatThrownBy(() -> store.findBatchByPrefix("ab"))
                .isInstanceOfSatisfying(MetadataException.AmbiguousPrefix.class, e -> {
                    assertThat(e.matchCount()).isEqualTo(12);
                    assertThat(e.candidates()).hasSize(MetadataException.AmbiguousPrefix.MAX_CANDIDATES);
                    assertThat(e.candidates().getFirst().name()).isEqualTo("batch 11");
                    assertThat(e.getMessage()).contains("matches 12 batches", "ab" + String.format("%030x", 11), "...");
                });
        assertThat(store.findBatchByPrefix("ac")).isPresent();
    }

    @Test
    void listingSearchesNamesAsSubstringsIgnoringCase() {
        store.insertBatch(batch(id(1), "Holiday Photos 2024", T0, 1));
        store.insertBatch(batch(id(2), "tax documents", T0, 1));
        store.insertBatch(batch(id(3), "photos_backup", T0, 1));
        store.insertBatch(batch(id(4), "photosXbackup", T0, 1));

        assertThat(store.listBatches(BatchQuery.all().nameContaining("PHOTOS")).items())
                .extracting(BatchRecord::id).containsExactlyInAnyOrder(id(1), id(3), id(4));
        assertThat(store.listBatches(BatchQuery.all().nameContaining("s_b")).items())
                .as("_ is literal, not a LIKE wildcard").extracting(BatchRecord::id).containsExactly(id(3));
        assertThat(store.listBatches(BatchQuery.all().nameContaining("%")).items()).isEmpty();
    }

    @Test
    void listingFiltersByState() {
        store.insertBatch(batch(id(1), "a", T0, 1));
        store.insertBatch(uploading(id(2)));
        store.insertBatch(uploading(id(3)).withState(BatchState.INCOMPLETE));

        Page<BatchRecord> page = store.listBatches(
                BatchQuery.all().inStates(Set.of(BatchState.UPLOADING, BatchState.INCOMPLETE)));
        assertThat(page.items()).extracting(BatchRecord::id).containsExactlyInAnyOrder(id(2), id(3));
        assertThat(page.total()).isEqualTo(2);
    }

    @Test
    void listingSortsByDateSizeAndNameInBothDirections() {
        store.insertBatch(batch(id(1), "beta", T0.plusSeconds(2), 300));
        store.insertBatch(batch(id(2), "Alpha", T0.plusSeconds(3), 100));
        store.insertBatch(batch(id(3), "gamma", T0.plusSeconds(1), 200));

        assertThat(ids(BatchQuery.all())).containsExactly(id(2), id(1), id(3));
        assertThat(ids(BatchQuery.all().sortedBy(BatchSort.CREATED, false))).containsExactly(id(3), id(1), id(2));
        assertThat(ids(BatchQuery.all().sortedBy(BatchSort.SIZE, true))).containsExactly(id(1), id(3), id(2));
        assertThat(ids(BatchQuery.all().sortedBy(BatchSort.SIZE, false))).containsExactly(id(2), id(3), id(1));
        assertThat(ids(BatchQuery.all().sortedBy(BatchSort.NAME, false))).containsExactly(id(2), id(1), id(3));
        assertThat(ids(BatchQuery.all().sortedBy(BatchSort.NAME, true))).containsExactly(id(3), id(1), id(2));
    }

    @Test
    void pagesCoverEveryRowOnceEvenWhenSortKeysTie() {
        for (int i = 0; i < 25; i++) {
            store.insertBatch(batch(id(i), "same name", T0, 42));
        }
        for (BatchSort sort : BatchSort.values()) {
            List<String> seen = new ArrayList<>();
            Page<BatchRecord> page;
            int offset = 0;
            do {
                page = store.listBatches(BatchQuery.all().sortedBy(sort, true).page(offset, 10));
                assertThat(page.total()).isEqualTo(25);
                page.items().forEach(b -> seen.add(b.id()));
                offset += page.items().size();
            } while (page.hasMore());
            assertThat(seen).as(sort.name()).hasSize(25).doesNotHaveDuplicates();
        }
    }

    @Test
    void lastPageSaysThereIsNoMore() {
        for (int i = 0; i < 5; i++) {
            store.insertBatch(batch(id(i), "b" + i, T0.plusSeconds(i), 1));
        }
        Page<BatchRecord> page = store.listBatches(BatchQuery.all().sortedBy(BatchSort.CREATED, false).page(3, 10));
        assertThat(page.items()).extracting(BatchRecord::id).containsExactly(id(3), id(4));
        assertThat(page.offset()).isEqualTo(3);
        assertThat(page.hasMore()).isFalse();
        assertThat(store.listBatches(BatchQuery.all().page(0, 2)).hasMore()).isTrue();
    }

    @Test
    void deleteCascadesToChunksEntriesManifestAndSource() {
        store.insertBatch(uploading(id(1)));
        store.insertBatch(uploading(id(2)));
        for (String b : new String[] {id(1), id(2)}) {
            store.putChunks(List.of(Fixtures.planned(b, 0, true)));
            store.putEntries(b, List.of(Fixtures.file("a.txt", 0, 0)));
            store.saveManifest(b, new byte[] {1, 2, 3});
            store.saveSource(b, "{\"roots\":[]}");
        }

        assertThat(store.deleteBatch(id(1))).isTrue();
        assertThat(store.deleteBatch(id(1))).isFalse();

        assertThat(store.batch(id(1))).isEmpty();
        assertThat(store.chunks(id(1))).isEmpty();
        assertThat(store.entries(id(1), null)).isEmpty();
        assertThat(store.manifest(id(1))).isEmpty();
        assertThat(store.source(id(1))).isEmpty();
        assertThat(store.findEntries("a.txt", 10)).extracting(EntryLocation::batchId).containsExactly(id(2));
        // The other batch is untouched.
        assertThat(store.chunks(id(2))).hasSize(1);
        assertThat(store.manifest(id(2))).hasValueSatisfying(m -> assertThat(m).containsExactly(1, 2, 3));
    }

    @Test
    void manifestAndSourceAreReplacedAndNeedTheirBatch() {
        store.insertBatch(uploading(id(1)));
        store.saveManifest(id(1), new byte[] {1});
        store.saveManifest(id(1), new byte[] {2, 2});
        store.saveSource(id(1), "{\"v\":1}");
        store.saveSource(id(1), "{\"v\":2}");
        assertThat(store.manifest(id(1))).hasValueSatisfying(m -> assertThat(m).containsExactly(2, 2));
        assertThat(store.source(id(1))).contains("{\"v\":2}");

        assertThatThrownBy(() -> store.saveManifest(id(2), new byte[] {1})).isInstanceOf(MetadataException.NotFound.class);
        assertThatThrownBy(() -> store.saveSource(id(2), "{}")).isInstanceOf(MetadataException.NotFound.class);
    }

    @Test
    void importReplacesEverythingTheRemoteDescribesAndKeepsTheLocalSource() {
        store.insertBatch(uploading(id(1)));
        store.putChunks(List.of(Fixtures.planned(id(1), 0, false), Fixtures.planned(id(1), 1, false),
                Fixtures.planned(id(1), 2, true)));
        store.putEntries(id(1), List.of(Fixtures.file("old.txt", 0, 0)));
        store.saveSource(id(1), "{\"roots\":[\"/home/me\"]}");

        BatchRecord remote = batch(id(1), "from remote", T0, 10);
        ChunkRecord posted = new ChunkRecord(id(1), 0, 10, Fixtures.sha(7), 9, ChunkState.POSTED, Fixtures.ref(0), true);
        store.importBatch(new BatchSnapshot(remote, List.of(posted), new byte[] {9},
                List.of(Fixtures.file("new.txt", 0, 0))));
        store.importBatch(new BatchSnapshot(batch(id(2), "new here", T0, 1), List.of(), null, List.of()));

        assertThat(store.batch(id(1))).contains(remote);
        assertThat(store.chunks(id(1))).containsExactly(posted);
        assertThat(store.entries(id(1), null)).extracting(e -> e.path()).containsExactly("new.txt");
        assertThat(store.manifest(id(1))).hasValueSatisfying(m -> assertThat(m).containsExactly(9));
        assertThat(store.source(id(1))).contains("{\"roots\":[\"/home/me\"]}");
        assertThat(store.batch(id(2))).isPresent();
    }

    @Test
    void aFailedImportChangesNothing() {
        store.insertBatch(uploading(id(1)));
        store.putChunks(List.of(Fixtures.planned(id(1), 0, true)));
        BatchRecord remote = batch(id(1), "from remote", T0, 10);
        // Two chunks both claiming to be last violate the schema: the whole import rolls back.
        BatchSnapshot broken = new BatchSnapshot(remote,
                List.of(Fixtures.planned(id(1), 0, true), Fixtures.planned(id(1), 1, true)), null,
                List.of());

        assertThatThrownBy(() -> store.importBatch(broken)).isInstanceOf(MetadataException.class);
        assertThat(store.batch(id(1)).orElseThrow().name()).isEqualTo(uploading(id(1)).name());
        assertThat(store.chunks(id(1))).containsExactly(Fixtures.planned(id(1), 0, true));
    }

    private List<String> ids(BatchQuery query) {
        return store.listBatches(query).items().stream().map(BatchRecord::id).toList();
    }
}
