package dev.dos.core.ops;

import static dev.dos.core.ops.SharedStore.batch;
import static dev.dos.core.ops.SharedStore.batches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dos.core.crypto.MasterKey;
import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.BatchState;
import dev.dos.core.meta.SettingKeys;
import dev.dos.core.ops.SyncIssue.Kind;
import dev.dos.core.remote.BlobUpload;
import dev.dos.core.remote.FaultyRemote.Operation;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.RemoteException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sync} without reset: machines sharing one store and one key see each other's batches. */
class SyncIncrementalTest {
    @TempDir
    Path dir;
    SharedStore s;
    Repository laptop;
    Repository desktop;

    @BeforeEach
    void open() {
        s = new SharedStore(dir);
        laptop = s.machine("laptop");
        desktop = s.machine("desktop");
    }

    @AfterEach
    void close() throws Exception {
        s.close();
    }

    private static SyncReport sync(Repository machine) throws Exception {
        return new SyncOperation(machine).sync(SyncListener.NONE);
    }

    @Test
    void twoMachinesSharingAStoreSeeAndRestoreEachOthersBatches() throws Exception {
        Path laptopTree = s.tree("laptop-files", 1);
        String fromLaptop = s.upload(laptop, laptopTree).batchId();

        SyncReport onDesktop = sync(desktop);
        assertThat(onDesktop.added()).containsExactly(fromLaptop);
        assertThat(onDesktop.issues()).isEmpty();
        assertThat(batch(desktop, fromLaptop).name()).isEqualTo("laptop-files");
        SharedStore.assertRestoresIdentically(desktop, fromLaptop, laptopTree, dir.resolve("on-desktop"));

        Path desktopTree = s.tree("desktop-files", 2);
        String fromDesktop = s.upload(desktop, desktopTree).batchId();
        SyncReport onLaptop = sync(laptop);
        assertThat(onLaptop.added()).containsExactly(fromDesktop);
        assertThat(onLaptop.unchanged()).as("its own batch's card is new to it, but known").isEqualTo(1);
        SharedStore.assertRestoresIdentically(laptop, fromDesktop, desktopTree, dir.resolve("on-laptop"));

        SyncReport desktopAgain = sync(desktop);
        assertThat(desktopAgain.added()).isEmpty();
        assertThat(desktopAgain.updated()).isEmpty();
        assertThat(desktopAgain.unchanged()).as("its own upload").isEqualTo(1);
        assertThat(batches(laptop)).hasSize(2);
        assertThat(batches(desktop)).hasSize(2);
    }

    @Test
    void aSecondSyncReadsOnlyCardsPostedSinceTheFirst() throws Exception {
        s.upload(laptop, s.tree("a", 1));
        s.upload(laptop, s.tree("b", 2));
        assertThat(sync(desktop).added()).hasSize(2);
        String cursor = desktop.metadata().setting(SettingKeys.syncCursor(s.indexArea())).orElseThrow();
        assertThat(cursor).isEqualTo(s.remote.listPosts(s.indexArea(), null, 100).getLast().id());

        long blobsBefore = s.remote.calls(Operation.OPEN_BLOB);
        SyncReport nothingNew = sync(desktop);
        assertThat(nothingNew.cardsRead()).isZero();
        assertThat(nothingNew.added()).isEmpty();
        assertThat(s.remote.calls(Operation.OPEN_BLOB)).isEqualTo(blobsBefore);

        String third = s.upload(laptop, s.tree("c", 3)).batchId();
        SyncReport oneNew = sync(desktop);
        assertThat(oneNew.cardsRead()).isEqualTo(1);
        assertThat(oneNew.added()).containsExactly(third);
        assertThat(s.remote.calls(Operation.OPEN_BLOB) - blobsBefore).as("one manifest").isEqualTo(1);
    }

    @Test
    void aBatchDeletedOnAnotherMachineLeavesTheIndexOnTheNextSyncByItsDeletionRecord() throws Exception {
        String id = s.upload(laptop, s.tree("a", 1)).batchId();
        String kept = s.upload(laptop, s.tree("b", 2)).batchId();
        sync(desktop);
        new DeleteOperation(laptop).delete(id);
        long before = s.apiCalls();

        SyncReport report = sync(desktop);

        assertThat(report.removed()).containsExactly(id);
        assertThat(report.issues()).isEmpty();
        assertThat(desktop.metadata().batch(id)).isEmpty();
        assertThat(desktop.metadata().batch(kept)).isPresent();
        assertThat(s.apiCalls() - before).as("the open threads and the index page after the cursor").isEqualTo(2);
        assertThat(sync(desktop).removed()).as("read once").isEmpty();
    }

    @Test
    void anIdleSyncCostsTheSameFewRequestsAt10AndAt1000Batches() throws Exception {
        StoreForge forge = new StoreForge(s.remote, s.key, dir);
        List<Long> costs = new ArrayList<>();
        int made = 0;
        for (int size : new int[] {10, 1000}) {
            made += forge.forge(size - made, 4).size();
            sync(desktop);
            long before = s.apiCalls();
            SyncReport idle = sync(desktop);
            costs.add(s.apiCalls() - before);
            assertThat(idle.cardsRead()).isZero();
            assertThat(idle.added()).isEmpty();
            assertThat(batches(desktop)).hasSize(size);
        }
        assertThat(costs.getFirst()).as("at 10 batches").isLessThanOrEqualTo(5);
        assertThat(costs).as("the same at 10 and at 1,000 batches (ten index pages, 1,000 threads)")
                .containsOnly(costs.getFirst());
    }

    @Test
    void aDeletionByADosThatPostsNoRecordIsFoundByADeepSync() throws Exception {
        String id = s.upload(laptop, s.tree("a", 1)).batchId();
        sync(desktop);
        // As an older dos deleted it: card and thread gone, no deletion record.
        BatchRecord gone = batch(laptop, id);
        s.remote.deletePost(s.indexArea(), gone.indexMessageId());
        s.remote.deleteContainer(gone.storageThreadId());

        assertThat(sync(desktop).removed()).as("nothing after the cursor says so").isEmpty();
        SyncReport deep = new SyncOperation(desktop).sync(SyncListener.NONE, true);

        assertThat(deep.removed()).containsExactly(id);
        assertThat(desktop.metadata().batch(id)).isEmpty();
    }

    @Test
    void aKnownBatchWhoseThreadVanishedButWhoseCardRemainsBecomesDamagedOnADeepSync() throws Exception {
        String id = s.upload(laptop, s.tree("a", 1)).batchId();
        sync(desktop);
        s.remote.deleteContainer(batch(laptop, id).storageThreadId());

        SyncReport report = new SyncOperation(desktop).sync(SyncListener.NONE, true);

        assertThat(report.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.kind()).isEqualTo(Kind.CARD_WITHOUT_THREAD);
            assertThat(issue.recordedAs()).isEqualTo(BatchState.DAMAGED);
        });
        assertThat(report.updated()).containsExactly(id);
        assertThat(batch(desktop, id).state()).isEqualTo(BatchState.DAMAGED);
    }

    @Test
    void anUploadStillRunningElsewhereIsIncompleteUntilItsCardArrives() throws Exception {
        // Its thread stays open, as an upload's does until its card is posted.
        Repository uploading = s.machine("uploading", SharedStore::neverSealing);
        String id = s.upload(uploading, s.tree("a", 1)).batchId();
        // Take the card away and put it back later, as if the laptop were still posting chunks.
        Post card = s.remote.getPost(s.indexArea(), batch(uploading, id).indexMessageId()).orElseThrow();
        byte[] manifest = s.firstBlob(card);
        s.remote.deletePost(s.indexArea(), card.id());

        SyncReport early = sync(desktop);
        assertThat(early.issues()).singleElement().extracting(SyncIssue::kind).isEqualTo(Kind.THREAD_WITHOUT_CARD);
        assertThat(batch(desktop, id).state()).isEqualTo(BatchState.INCOMPLETE);
        assertThat(sync(desktop).issues()).as("a known incomplete batch is not reported again").isEmpty();

        s.remote.post(s.indexArea(), card.text(), List.of(new BlobUpload(card.blobs().getFirst().name(), manifest)));
        SyncReport late = sync(desktop);
        assertThat(late.updated()).containsExactly(id);
        assertThat(late.issues()).isEmpty();
        BatchRecord complete = batch(desktop, id);
        assertThat(complete.state()).isEqualTo(BatchState.COMPLETE);
        assertThat(complete.name()).as("named from its manifest once it has one").isEqualTo("a");
        assertThat(desktop.metadata().entries(id, null)).isNotEmpty();
    }

    @Test
    void anotherKeysBatchIsReportedOnceAgainByADeepSyncButNeverTakenForAnIncompleteUpload() throws Exception {
        Repository stranger = s.machine("stranger", MasterKey.generate());
        String theirs = s.upload(stranger, s.tree("theirs", 5)).batchId();
        SyncReport first = sync(desktop);
        assertThat(first.issues()).singleElement().extracting(SyncIssue::kind).isEqualTo(Kind.WRONG_KEY);

        s.upload(laptop, s.tree("ours", 6));
        SyncReport second = sync(desktop);
        assertThat(second.added()).hasSize(1);
        assertThat(second.issues()).as("its card was read before the cursor; its thread is sealed").isEmpty();

        SyncReport deep = new SyncOperation(desktop).sync(SyncListener.NONE, true);
        assertThat(deep.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.batchId()).isEqualTo(theirs);
            assertThat(issue.kind()).isEqualTo(Kind.WRONG_KEY);
        });
        assertThat(desktop.metadata().batch(theirs)).isEmpty();
    }

    @Test
    void anInterruptedSyncKeepsWhatItStoredAndTheNextOneFinishes() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(s.upload(laptop, s.tree("t" + i, i)).batchId());
        }
        // The fourth card's manifest cannot be downloaded (the network fails): the sync stops there.
        String fourthCard = batch(laptop, ids.get(3)).indexMessageId();
        Repository cutOff = new Repository(SharedStore.failingBlobsOf(s.remote, fourthCard), desktop.metadata(), s.key);
        assertThatThrownBy(() -> new SyncOperation(cutOff).sync(SyncListener.NONE))
                .isInstanceOf(RemoteException.Transient.class);
        assertThat(batches(desktop)).extracting(BatchRecord::id).containsExactlyInAnyOrderElementsOf(ids.subList(0, 3));

        SyncReport rest = sync(desktop);

        assertThat(rest.cardsRead()).as("the cursor stopped after the third card").isEqualTo(3);
        assertThat(rest.added()).containsExactlyElementsOf(ids.subList(3, 6));
        assertThat(batches(desktop)).hasSize(6).allMatch(b -> b.state() == BatchState.COMPLETE);
    }
}
