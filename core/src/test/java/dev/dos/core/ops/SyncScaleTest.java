package dev.dos.core.ops;

import static dev.dos.core.ops.SharedStore.batch;
import static dev.dos.core.ops.SharedStore.batches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dos.core.compress.Compression;
import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.BatchState;
import dev.dos.core.meta.ChunkRecord;
import dev.dos.core.meta.ChunkState;
import dev.dos.core.ops.SyncIssue.Kind;
import dev.dos.core.pack.UnreadablePolicy;
import dev.dos.core.remote.ContainerInfo;
import dev.dos.core.remote.FaultyRemote.Operation;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.StorageRemote;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/FORMAT.md section 17 on a shared in-memory remote that counts its calls (every call but a
 * blob download stands for a Discord API request; a download is a CDN fetch): what a rebuild, an
 * idle sync and a deletion cost, chunks looked up lazily, deletion records, and a store written in
 * the previous format.
 */
class SyncScaleTest {
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

    @Test
    void aResetOfAThousandBatchesCostsAtMostATenthOfARequestPerBatch() throws Exception {
        List<String> ids = new StoreForge(s.remote, s.key, dir).forge(1000, 4);
        long api = s.apiCalls();
        long downloads = s.remote.calls(Operation.OPEN_BLOB);

        SyncReport report = new SyncOperation(desktop).reset(SyncListener.NONE);

        long requests = s.apiCalls() - api;
        assertThat(report.added()).hasSize(1000).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(report.issues()).isEmpty();
        assertThat(batches(desktop)).hasSize(1000).allMatch(b -> b.state() == BatchState.COMPLETE);
        assertThat(requests / 1000.0).as("requests per batch (%d requests)", requests).isLessThanOrEqualTo(0.1);
        assertThat(s.remote.calls(Operation.LIST_POSTS)).as("no thread is read").isGreaterThan(0);
        assertThat(s.remote.calls(Operation.OPEN_BLOB) - downloads).as("one manifest download per card")
                .isEqualTo(1000);
        assertThat(desktop.metadata().stats().batches()).isEqualTo(1000);
    }

    @Test
    void chunksRecordedWithoutIdsAreLookedUpByVerifyRestoreAndDeleteAcrossEveryLane() throws Exception {
        Path tree = s.tree("photos", 3);
        byte[] noise = new byte[30_000];
        new java.util.Random(5).nextBytes(noise);
        Files.write(tree.resolve("big.bin"), noise);
        UploadOptions small = new UploadOptions(Compression.NONE, SharedStore.CHUNK_BYTES, false,
                UnreadablePolicy.ABORT, null);
        String id = new UploadOperation(laptop, new TransferOptions(3, 0)).upload(List.of(tree), small,
                ProgressListener.NONE).batchId();
        List<ChunkRecord> uploaded = laptop.metadata().chunks(id);
        assertThat(uploaded.stream().map(c -> c.remote().containerId()).distinct()).as("three lanes").hasSize(3);

        SyncReport reset = new SyncOperation(desktop).reset(SyncListener.NONE);
        assertThat(reset.added()).containsExactly(id);
        assertThat(desktop.metadata().chunks(id)).allMatch(c -> c.state() == ChunkState.REMOTE);
        assertThat(desktop.metadata().lanes(id)).hasSize(2);

        long lists = s.remote.calls(Operation.LIST_POSTS);
        VerifyOperation.Report verified = new VerifyOperation(desktop).verify(id, true, ProgressListener.NONE);
        assertThat(verified.ok()).isTrue();
        assertThat(desktop.metadata().chunks(id)).as("every lane listed once, every chunk found")
                .isEqualTo(uploaded);
        assertThat(s.remote.calls(Operation.LIST_POSTS) - lists).as("a page per lane to look up, a page per lane"
                + " to count others' posts").isEqualTo(6);

        SharedStore.assertRestoresIdentically(desktop, id, tree, dir.resolve("out"));

        new DeleteOperation(desktop).delete(id);
        assertThat(s.remote.listContainers()).as("every lane deleted").isEmpty();
        assertThat(desktop.metadata().batch(id)).isEmpty();
        assertThat(new SyncOperation(laptop).sync(SyncListener.NONE).removed()).containsExactly(id);
    }

    @Test
    void aResumeAfterAResetAdoptsChunksRecordedWithoutIdsByNameAndSizeWithoutDownloadingThem() throws Exception {
        Path tree = s.tree("photos", 4);
        String id = s.upload(laptop, tree).batchId();
        String source = laptop.metadata().source(id).orElseThrow();
        List<ChunkRecord> uploaded = laptop.metadata().chunks(id);
        // As an index rebuilt from the card whose upload this machine is asked to finish again: its
        // journal holds the chunks without ids, its source is the one the upload saved.
        laptop.metadata().importBatch(new dev.dos.core.meta.BatchSnapshot(
                batch(laptop, id).withState(BatchState.INCOMPLETE), uploaded.stream().map(c -> new ChunkRecord(c.batchId(), c.index(), c.size(), c.sha256(),
                        c.plainSize(), ChunkState.REMOTE, null, c.last())).toList(),
                laptop.metadata().manifest(id).orElseThrow(), laptop.metadata().entries(id, null)));
        laptop.metadata().saveSource(id, source);
        long downloads = s.remote.calls(Operation.OPEN_BLOB);
        long posts = s.remote.calls(Operation.POST);

        ResumeResult resumed = new ResumeOperation(laptop).resume(id, ProgressListener.NONE);

        assertThat(resumed.chunksPosted()).isZero();
        assertThat(laptop.metadata().chunks(id)).isEqualTo(uploaded);
        assertThat(s.remote.calls(Operation.OPEN_BLOB) - downloads).as("adopted by name and size").isZero();
        assertThat(s.remote.calls(Operation.POST) - posts).as("no chunk posted again").isZero();
        SharedStore.assertRestoresIdentically(laptop, id, tree, dir.resolve("out"));
    }

    @Test
    void aDeleteInterruptedAfterItsRecordIsNoticedElsewhereAndFinishedByRunningItAgain() throws Exception {
        String id = s.upload(laptop, s.tree("a", 1)).batchId();
        new SyncOperation(desktop).sync(SyncListener.NONE);
        BatchRecord uploaded = batch(laptop, id);
        s.remote.failNext(Operation.DELETE_CONTAINER, new RemoteException.Transient("connection reset", null));

        assertThatThrownBy(() -> new DeleteOperation(laptop).delete(id)).isInstanceOf(RemoteException.Transient.class);

        assertThat(batch(laptop, id).state()).as("kept until its threads are gone").isEqualTo(BatchState.DELETING);
        List<Post> index = s.remote.listPosts(s.indexArea(), null, 100);
        assertThat(index).as("the card is gone before the record is posted").singleElement()
                .satisfies(p -> assertThat(DeletionRecord.parse(p.text())).contains(new DeletionRecord(id)));
        long before = s.apiCalls();
        SyncReport elsewhere = new SyncOperation(desktop).sync(SyncListener.NONE);
        assertThat(elsewhere.removed()).containsExactly(id);
        assertThat(s.apiCalls() - before).as("noticed within 10 requests").isLessThanOrEqualTo(10);
        assertThat(s.remote.listContainers()).extracting(ContainerInfo::id).contains(uploaded.storageThreadId());

        new DeleteOperation(laptop).delete(id);
        assertThat(s.remote.listContainers()).isEmpty();
        assertThat(laptop.metadata().batch(id)).isEmpty();
        SyncReport again = new SyncOperation(desktop).sync(SyncListener.NONE);
        assertThat(again.removed()).isEmpty();
        assertThat(again.issues()).isEmpty();
        assertThat(new SyncOperation(s.machine("fresh")).reset(SyncListener.NONE).added())
                .as("a rebuild agrees").isEmpty();
    }

    @Test
    void aDeletionRecordSomeoneElsePostedIsIgnoredAndReported() throws Exception {
        String id = s.upload(laptop, s.tree("a", 1)).batchId();
        new SyncOperation(desktop).sync(SyncListener.NONE);
        StorageRemote stranger = s.stranger();
        stranger.post(s.indexArea(), new DeletionRecord(id).render(), List.of());

        SyncReport report = new SyncOperation(desktop).sync(SyncListener.NONE);

        assertThat(report.removed()).isEmpty();
        assertThat(report.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.kind()).isEqualTo(Kind.FOREIGN_POSTS);
            assertThat(issue.batchId()).isEqualTo(id);
        });
        assertThat(desktop.metadata().batch(id)).isPresent();
        assertThat(new SyncOperation(desktop).reset(SyncListener.NONE).removed()).isEmpty();
    }

    @Test
    void aStoreWrittenInThePreviousFormatSyncsResetsAndRestores() throws Exception {
        // Version 1 cards (clear sizes and label, no lanes) and no deletion records, as before both.
        StoreForge forge = new StoreForge(s.remote, s.key, dir);
        UnaryOperator<String> v1 = StoreForge::asVersion1;
        List<String> old = List.of(forge.forge(v1), forge.forge(v1), forge.forge(v1));
        String current = forge.forge(UnaryOperator.identity());
        assertThat(s.remote.listPosts(s.indexArea(), null, 100)).filteredOn(p -> p.text().contains("dos-card v1"))
                .hasSize(3);

        SyncReport synced = new SyncOperation(desktop).sync(SyncListener.NONE);
        assertThat(synced.added()).containsExactlyInAnyOrder(old.get(0), old.get(1), old.get(2), current);
        assertThat(synced.issues()).isEmpty();
        assertThat(batch(desktop, old.getFirst()).name()).as("the manifest names it, the v1 label is ignored")
                .isEqualTo("note.txt");

        Path out = dir.resolve("out");
        new RestoreOperation(desktop).restore(old.getFirst(), out, List.of(), false, ProgressListener.NONE);
        assertThat(Files.mismatch(forge.file(), out.resolve("note.txt"))).isEqualTo(-1L);

        // Deleted as an older dos deletes: card and thread gone, no record.
        BatchRecord gone = batch(desktop, old.get(1));
        s.remote.deletePost(s.indexArea(), gone.indexMessageId());
        s.remote.deleteContainer(gone.storageThreadId());
        assertThat(new SyncOperation(desktop).sync(SyncListener.NONE).removed()).isEmpty();
        assertThat(new SyncOperation(desktop).sync(SyncListener.NONE, true).removed()).containsExactly(old.get(1));

        Repository rebuilt = s.machine("rebuilt");
        SyncReport reset = new SyncOperation(rebuilt).reset(SyncListener.NONE);
        assertThat(reset.added()).containsExactlyInAnyOrder(old.getFirst(), old.get(2), current);
        assertThat(reset.issues()).isEmpty();
    }

    @Test
    void aSealedThreadWithoutACardIsFoundByADeepSyncAndByAResetNotByAPlainSync() throws Exception {
        String id = s.upload(laptop, s.tree("a", 1)).batchId();
        new SyncOperation(desktop).sync(SyncListener.NONE);
        String other = s.upload(laptop, s.tree("b", 2)).batchId();
        s.remote.deletePost(s.indexArea(), batch(laptop, other).indexMessageId()); // its card lost, its thread sealed

        SyncReport plain = new SyncOperation(desktop).sync(SyncListener.NONE);
        assertThat(plain.issues()).isEmpty();
        assertThat(desktop.metadata().batch(other)).isEmpty();

        SyncReport deep = new SyncOperation(desktop).sync(SyncListener.NONE, true);
        assertThat(deep.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.batchId()).isEqualTo(other);
            assertThat(issue.kind()).isEqualTo(Kind.THREAD_WITHOUT_CARD);
        });
        assertThat(batch(desktop, other).state()).isEqualTo(BatchState.INCOMPLETE);
        assertThat(batch(desktop, id).state()).isEqualTo(BatchState.COMPLETE);

        Repository rebuilt = s.machine("rebuilt");
        SyncReport reset = new SyncOperation(rebuilt).reset(SyncListener.NONE);
        assertThat(reset.added()).containsExactlyInAnyOrder(id, other);
        assertThat(reset.issues()).extracting(SyncIssue::kind).containsExactly(Kind.THREAD_WITHOUT_CARD);
    }
}
