package dev.dos.core.meta;

import static dev.dos.core.meta.Fixtures.id;
import static dev.dos.core.meta.Fixtures.planned;
import static dev.dos.core.meta.Fixtures.ref;
import static dev.dos.core.meta.Fixtures.uploading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkJournalTest {
    @TempDir
    Path dir;
    SqliteMetadataStore store;

    @BeforeEach
    void open() {
        store = SqliteMetadataStore.open(dir.resolve("metadata.db"));
        store.insertBatch(uploading(id(1)));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void plannedChunksReadBackInIndexOrder() {
        store.putChunks(List.of(planned(id(1), 2, true), planned(id(1), 0, false), planned(id(1), 1, false)));
        assertThat(store.chunks(id(1))).containsExactly(planned(id(1), 0, false), planned(id(1), 1, false),
                planned(id(1), 2, true));
    }

    @Test
    void journalRecordsPostingThenPostedWithRemoteIds() {
        store.putChunks(List.of(planned(id(1), 0, false), planned(id(1), 1, true)));

        store.markChunkPosting(id(1), 0);
        assertThat(store.chunks(id(1))).extracting(ChunkRecord::state).containsExactly(ChunkState.POSTING, ChunkState.PLANNED);

        store.markChunkPosted(id(1), 0, ref(0));
        ChunkRecord posted = store.chunks(id(1)).getFirst();
        assertThat(posted.state()).isEqualTo(ChunkState.POSTED);
        assertThat(posted.remote()).isEqualTo(ref(0));
        assertThat(posted.sha256()).isEqualTo(planned(id(1), 0, false).sha256());
    }

    @Test
    void chunksOfOnePostAreMarkedTogether() {
        store.putChunks(List.of(planned(id(1), 0, false), planned(id(1), 1, false), planned(id(1), 2, true)));
        store.markChunksPosting(id(1), List.of(0, 1, 2));
        store.markChunksPosted(id(1), Map.of(0, ref(0), 1, ref(1), 2, ref(2)));
        assertThat(store.chunks(id(1))).extracting(ChunkRecord::remote).containsExactly(ref(0), ref(1), ref(2));
    }

    @Test
    void aFailingMarkLeavesEveryChunkOfTheCallAsItWas() {
        store.putChunks(List.of(planned(id(1), 0, false), planned(id(1), 1, true)));
        store.markChunkPosting(id(1), 0);

        // Chunk 1 was never marked POSTING, so the whole call fails and chunk 0 stays POSTING.
        assertThatThrownBy(() -> store.markChunksPosted(id(1), new java.util.TreeMap<>(Map.of(0, ref(0), 1, ref(1)))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("PLANNED");
        assertThat(store.chunks(id(1))).extracting(ChunkRecord::state).containsExactly(ChunkState.POSTING, ChunkState.PLANNED);
    }

    @Test
    void aRetriedPostCanBeJournaledAgainButAPostedChunkCannot() {
        store.putChunks(List.of(planned(id(1), 0, true)));
        store.markChunkPosting(id(1), 0);
        store.markChunkPosting(id(1), 0);
        store.markChunkPosted(id(1), 0, ref(0));

        assertThatThrownBy(() -> store.markChunkPosting(id(1), 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.markChunkPosted(id(1), 0, ref(5))).isInstanceOf(IllegalStateException.class);
        assertThat(store.chunks(id(1)).getFirst().remote()).isEqualTo(ref(0));
    }

    @Test
    void missingChunksAndBatchesAreNotFound() {
        assertThatThrownBy(() -> store.markChunkPosting(id(1), 7)).isInstanceOf(MetadataException.NotFound.class);
        assertThatThrownBy(() -> store.putChunks(List.of(planned(id(2), 0, true))))
                .isInstanceOf(MetadataException.NotFound.class);
    }

    @Test
    void aBatchHasAtMostOneLastChunk() {
        store.putChunks(List.of(planned(id(1), 0, true)));
        assertThatThrownBy(() -> store.putChunks(List.of(planned(id(1), 1, true)))).isInstanceOf(MetadataException.class);
        assertThat(store.chunks(id(1))).hasSize(1);
    }

    @Test
    void putReplacesAChunkWithTheSameIndex() {
        store.putChunks(List.of(planned(id(1), 0, false)));
        ChunkRecord replanned = ChunkRecord.planned(id(1), 0, 5, Fixtures.sha(99), 4, true);
        store.putChunks(List.of(replanned));
        assertThat(store.chunks(id(1))).containsExactly(replanned);
    }

    @Test
    void theJournalSurvivesReopening() {
        store.putChunks(List.of(planned(id(1), 0, false), planned(id(1), 1, false), planned(id(1), 2, true)));
        store.markChunksPosting(id(1), List.of(0, 1));
        store.markChunkPosted(id(1), 0, ref(0));
        store.close();

        store = SqliteMetadataStore.open(dir.resolve("metadata.db"));
        assertThat(store.chunks(id(1))).extracting(ChunkRecord::state)
                .containsExactly(ChunkState.POSTED, ChunkState.POSTING, ChunkState.PLANNED);
    }

    @Test
    void recordsRejectInconsistentJournalStates() {
        assertThatThrownBy(() -> new ChunkRecord(id(1), 0, 1, Fixtures.sha(1), 1, ChunkState.POSTED, null, true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChunkRecord(id(1), 0, 1, Fixtures.sha(1), 1, ChunkState.POSTING, ref(0), true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChunkRecord.planned(id(1), 0, 1, "ABC", 1, true))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
