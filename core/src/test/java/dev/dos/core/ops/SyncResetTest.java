package dev.dos.core.ops;

import static dev.dos.core.ops.SharedStore.batch;
import static dev.dos.core.ops.SharedStore.batches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dos.core.format.ManifestEntry;
import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.BatchState;
import dev.dos.core.meta.ChunkRecord;
import dev.dos.core.meta.ChunkState;
import dev.dos.core.remote.BlobUpload;
import dev.dos.core.remote.FaultyRemote.Operation;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.RemoteException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sync --reset}: the whole index rebuilt from the remote alone. */
class SyncResetTest {
    @TempDir
    Path dir;
    SharedStore store;

    SharedStore store() {
        store = new SharedStore(dir);
        return store;
    }

    @AfterEach
    void close() throws Exception {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void afterLosingTheDatabaseResetRebuildsEveryBatchAndRestoresThemByteIdentical() throws Exception {
        SharedStore s = store();
        Repository laptop = s.machine("laptop");
        Path photos = s.tree("photos", 1);
        Path papers = s.tree("papers", 2);
        String one = s.upload(laptop, photos).batchId();
        String two = s.upload(laptop, papers, s.tree("extra", 3)).batchId();
        Map<String, BatchRecord> before = new HashMap<>();
        Map<String, List<ChunkRecord>> chunksBefore = new HashMap<>();
        Map<String, List<ManifestEntry>> entriesBefore = new HashMap<>();
        for (String id : List.of(one, two)) {
            before.put(id, batch(laptop, id));
            chunksBefore.put(id, laptop.metadata().chunks(id));
            entriesBefore.put(id, laptop.metadata().entries(id, null));
        }
        assertThat(before.get(one).chunkCount()).as("spans several chunks").isGreaterThan(3);

        s.loseDatabase(laptop, "laptop");
        Repository rebuilt = s.machine("laptop");
        assertThat(batches(rebuilt)).isEmpty();
        long apiBefore = s.apiCalls();
        long listsBefore = s.remote.calls(Operation.LIST_POSTS);
        SyncReport report = new SyncOperation(rebuilt).reset(SyncListener.NONE);

        assertThat(report.reset()).isTrue();
        assertThat(report.issues()).isEmpty();
        assertThat(report.added()).containsExactly(one, two);
        assertThat(report.cardsRead()).isEqualTo(2);
        assertThat(s.remote.calls(Operation.LIST_POSTS) - listsBefore)
                .as("the index page (and at most one more read after the thread listing), no thread walked")
                .isBetween(1L, 2L);
        assertThat(s.apiCalls() - apiBefore).as("index pages and the thread listing only").isLessThanOrEqualTo(3);
        for (String id : List.of(one, two)) {
            BatchRecord now = batch(rebuilt, id);
            BatchRecord was = before.get(id);
            assertThat(now.state()).isEqualTo(BatchState.COMPLETE);
            // Everything but the local completion time comes back exactly (the card's post time stands in for it).
            assertThat(now.withCompletedAt(null)).isEqualTo(was.withCompletedAt(null));
            assertThat(now.completedAt()).isNotNull();
            // Recorded from the manifest, where each chunk is stored is looked up when first needed.
            assertThat(rebuilt.metadata().chunks(id)).allMatch(c -> c.state() == ChunkState.REMOTE)
                    .extracting(ChunkRecord::sha256)
                    .containsExactlyElementsOf(chunksBefore.get(id).stream().map(ChunkRecord::sha256).toList());
            assertThat(rebuilt.metadata().entries(id, null)).isEqualTo(entriesBefore.get(id));
        }
        assertThat(batch(rebuilt, two).name()).as("root names from the manifest").isEqualTo("papers, extra");
        SharedStore.assertRestoresIdentically(rebuilt, one, photos, dir.resolve("out1"));
        SharedStore.assertRestoresIdentically(rebuilt, two, papers, dir.resolve("out2"));
        for (String id : List.of(one, two)) {
            assertThat(rebuilt.metadata().chunks(id)).as("looked up by the restore: the ids the upload had")
                    .isEqualTo(chunksBefore.get(id));
        }
    }

    @Test
    void aDeepResetWalksEveryThreadAndRecordsEveryChunkWithItsIds() throws Exception {
        SharedStore s = store();
        Repository laptop = s.machine("laptop");
        String id = s.upload(laptop, s.tree("photos", 1)).batchId();
        List<ChunkRecord> chunksBefore = laptop.metadata().chunks(id);
        s.loseDatabase(laptop, "laptop");
        Repository rebuilt = s.machine("laptop");

        SyncReport report = new SyncOperation(rebuilt).reset(SyncListener.NONE, true);

        assertThat(report.added()).containsExactly(id);
        assertThat(report.issues()).isEmpty();
        assertThat(rebuilt.metadata().chunks(id)).isEqualTo(chunksBefore);
    }

    @Test
    void resetOfAnIntactIndexChangesNothingAndKeepsLocalNames() throws Exception {
        SharedStore s = store();
        Repository laptop = s.machine("laptop");
        String id = s.upload(laptop, s.tree("photos", 1)).batchId();
        BatchRecord before = batch(laptop, id);

        SyncReport report = new SyncOperation(laptop).reset(SyncListener.NONE);

        assertThat(report.added()).isEmpty();
        assertThat(report.updated()).isEmpty();
        assertThat(report.removed()).isEmpty();
        assertThat(report.unchanged()).isEqualTo(1);
        assertThat(batch(laptop, id)).isEqualTo(before);
    }

    @Test
    void resetReadsEveryCardPastTheFirstPageOfOneHundred() throws Exception {
        SharedStore s = store();
        Repository laptop = s.machine("laptop");
        Path tiny = dir.resolve("tiny.txt");
        Files.writeString(tiny, "small");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 230; i++) {
            ids.add(s.upload(laptop, tiny).batchId());
            if (i % 50 == 0) {
                // People talk in the index channel too; their posts count against pages but are no cards.
                s.remote.post(s.indexArea(), "a note from a person", List.of());
            }
        }
        s.loseDatabase(laptop, "laptop");
        Repository rebuilt = s.machine("laptop");
        long listsBefore = s.remote.calls(Operation.LIST_POSTS);

        SyncReport report = new SyncOperation(rebuilt).reset(SyncListener.NONE);

        assertThat(report.cardsRead()).isEqualTo(230);
        assertThat(report.added()).containsExactlyElementsOf(ids);
        assertThat(batches(rebuilt)).hasSize(230).allMatch(b -> b.state() == BatchState.COMPLETE);
        assertThat(s.remote.calls(Operation.LIST_POSTS) - listsBefore)
                .as("three pages of cards (one more if the thread listing ended after the last), no container read")
                .isBetween(3L, 4L);
    }

    @Test
    void resetDropsBatchesTheRemoteNoLongerHasAndNamesThem() throws Exception {
        SharedStore s = store();
        Repository laptop = s.machine("laptop");
        String kept = s.upload(laptop, s.tree("kept", 1)).batchId();
        String gone = s.upload(laptop, s.tree("gone", 2)).batchId();
        BatchRecord goneRecord = batch(laptop, gone);
        s.remote.deletePost(s.indexArea(), goneRecord.indexMessageId());
        s.remote.deleteContainer(goneRecord.storageThreadId());

        SyncReport report = new SyncOperation(laptop).reset(SyncListener.NONE);

        assertThat(report.removed()).containsExactly(gone);
        assertThat(report.unchanged()).isEqualTo(1);
        assertThat(laptop.metadata().batch(gone)).isEmpty();
        assertThat(laptop.metadata().batch(kept)).isPresent();
    }

    @Test
    void interruptedResetLeavesEarlierBatchesInPlaceAndRunningItAgainFinishes() throws Exception {
        SharedStore s = store();
        Repository laptop = s.machine("laptop");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(s.upload(laptop, s.tree("t" + i, i)).batchId());
        }
        String thirdCard = batch(laptop, ids.get(2)).indexMessageId();
        s.loseDatabase(laptop, "laptop");
        // The third card's manifest cannot be downloaded (the network fails): the sync stops there.
        Repository cutOff = s.machine("laptop", remote -> SharedStore.failingBlobsOf(remote, thirdCard));

        assertThatThrownBy(() -> new SyncOperation(cutOff).reset(SyncListener.NONE))
                .isInstanceOf(RemoteException.Transient.class);
        assertThat(batches(cutOff)).extracting(BatchRecord::id).containsExactlyInAnyOrder(ids.get(0), ids.get(1));

        Repository rebuilt = new Repository(s.remote, cutOff.metadata(), s.key);
        SyncReport again = new SyncOperation(rebuilt).reset(SyncListener.NONE);
        assertThat(again.added()).containsExactlyElementsOf(ids.subList(2, 5));
        assertThat(again.unchanged()).isEqualTo(2);
        assertThat(batches(rebuilt)).hasSize(5).allMatch(b -> b.state() == BatchState.COMPLETE);
    }

    @Test
    void aDuplicatedCardFromARetriedPostIsOneBatch() throws Exception {
        SharedStore s = store();
        Repository laptop = s.machine("laptop");
        String id = s.upload(laptop, s.tree("photos", 1)).batchId();
        Post card = s.remote.getPost(s.indexArea(), batch(laptop, id).indexMessageId()).orElseThrow();
        byte[] manifest = s.firstBlob(card);
        s.remote.post(s.indexArea(), card.text(), List.of(new BlobUpload(card.blobs().getFirst().name(), manifest)));
        s.loseDatabase(laptop, "laptop");
        Repository rebuilt = s.machine("laptop");

        SyncReport report = new SyncOperation(rebuilt).reset(SyncListener.NONE);

        assertThat(report.cardsRead()).isEqualTo(2);
        assertThat(report.added()).containsExactly(id);
        assertThat(report.issues()).isEmpty();
        assertThat(batch(rebuilt, id).indexMessageId()).as("the first card describes it").isEqualTo(card.id());
    }

    @Test
    void aBatchWhoseCardWasLostButWhoseRowsWereKeptBecomesIncompleteWithItsRowsIntact() throws Exception {
        SharedStore s = store();
        Repository laptop = s.machine("laptop");
        String id = s.upload(laptop, s.tree("photos", 1)).batchId();
        BatchRecord before = batch(laptop, id);
        s.remote.deletePost(s.indexArea(), before.indexMessageId());

        SyncReport report = new SyncOperation(laptop).reset(SyncListener.NONE);

        assertThat(report.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.kind()).isEqualTo(SyncIssue.Kind.THREAD_WITHOUT_CARD);
            assertThat(issue.recordedAs()).isEqualTo(BatchState.INCOMPLETE);
        });
        BatchRecord after = batch(laptop, id);
        assertThat(after.state()).isEqualTo(BatchState.INCOMPLETE);
        assertThat(after.indexMessageId()).isNull();
        assertThat(laptop.metadata().manifest(id)).isPresent();
        assertThat(laptop.metadata().chunks(id)).allMatch(c -> c.state() == ChunkState.POSTED);
        assertThat(report.updated()).containsExactly(id);
        assertThat(s.remote.listContainers()).extracting(c -> c.id()).contains(before.storageThreadId());
    }

    @Test
    void anUploadInterruptedOnThisMachineKeepsItsJournalAndIsReported() throws Exception {
        SharedStore s = store();
        Repository laptop = s.machine("laptop");
        String id = s.upload(laptop, s.tree("photos", 1)).batchId();
        // As an upload that died before its card: chunks posted and journaled, no card.
        BatchRecord uploaded = batch(laptop, id);
        s.remote.deletePost(s.indexArea(), uploaded.indexMessageId());
        laptop.metadata().updateBatch(uploaded.withState(BatchState.INCOMPLETE)
                .withRemoteIds(uploaded.storageThreadId(), null));
        List<ChunkRecord> journal = laptop.metadata().chunks(id);
        BatchRecord interrupted = batch(laptop, id);

        SyncReport report = new SyncOperation(laptop).reset(SyncListener.NONE);

        assertThat(report.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.kind()).isEqualTo(SyncIssue.Kind.THREAD_WITHOUT_CARD);
            assertThat(issue.recordedAs()).isEqualTo(BatchState.INCOMPLETE);
            assertThat(issue.detail()).contains("journal is kept");
        });
        assertThat(report.unchanged()).isEqualTo(1);
        assertThat(batch(laptop, id)).isEqualTo(interrupted);
        assertThat(laptop.metadata().chunks(id)).isEqualTo(journal);
        assertThat(laptop.metadata().source(id)).isPresent();
    }

    @Test
    void anIncompleteUploadKnownOnlyFromAnEarlierSyncIsReadAgainFromItsContainer() throws Exception {
        SharedStore s = store();
        Repository laptop = s.machine("laptop");
        Repository desktop = s.machine("desktop");
        String id = s.upload(laptop, s.tree("photos", 1)).batchId();
        BatchRecord uploaded = batch(laptop, id);
        s.remote.deletePost(s.indexArea(), uploaded.indexMessageId());
        Map<Integer, Post> posts = s.chunkPosts(uploaded.storageThreadId());
        Post lastPost = posts.get(uploaded.chunkCount() - 1);
        s.remote.deletePost(uploaded.storageThreadId(), lastPost.id());
        new SyncOperation(desktop).sync(SyncListener.NONE, true); // deep: the thread is sealed, no longer open
        assertThat(batch(desktop, id).chunkCount()).isEqualTo(uploaded.chunkCount() - 1);

        // The laptop goes on and posts its last chunk; a reset on the desktop reads the container again.
        s.remote.post(uploaded.storageThreadId(), "", List.of(new BlobUpload(lastPost.blobs().getFirst().name(),
                new byte[(int) lastPost.blobs().getFirst().size()])));

        SyncReport report = new SyncOperation(desktop).reset(SyncListener.NONE);

        assertThat(report.updated()).containsExactly(id);
        assertThat(batch(desktop, id).chunkCount()).isEqualTo(uploaded.chunkCount());
        assertThat(batch(desktop, id).state()).isEqualTo(BatchState.INCOMPLETE);
    }
}
