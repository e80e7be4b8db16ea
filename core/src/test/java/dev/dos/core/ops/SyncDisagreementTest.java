package dev.dos.core.ops;

import static dev.dos.core.ops.SharedStore.batch;
import static dev.dos.core.ops.SharedStore.batches;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.core.crypto.MasterKey;
import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.BatchState;
import dev.dos.core.meta.ChunkRecord;
import dev.dos.core.meta.ChunkState;
import dev.dos.core.ops.SyncIssue.Kind;
import dev.dos.core.remote.BlobUpload;
import dev.dos.core.remote.Post;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a card and its container disagree, a reset reports each case with its batch and records the
 * batch accordingly; it never drops one silently and never stops on one.
 */
class SyncDisagreementTest {
    @TempDir
    Path dir;
    SharedStore s;
    Repository laptop;

    @BeforeEach
    void open() {
        s = new SharedStore(dir);
        laptop = s.machine("laptop");
    }

    @AfterEach
    void close() throws Exception {
        s.close();
    }

    /** Loses the laptop's database and rebuilds it from the remote. */
    private SyncReport rebuild() throws Exception {
        return rebuild(false);
    }

    /** Loses the laptop's database and rebuilds it from the remote, reading every thread when {@code deep}. */
    private SyncReport rebuild(boolean deep) throws Exception {
        s.loseDatabase(laptop, "laptop");
        laptop = s.machine("laptop");
        return new SyncOperation(laptop).reset(SyncListener.NONE, deep);
    }

    @Test
    void missingChunkMessagesMarkTheBatchDamagedAndNameTheChunksWhileTheRestStillRestores() throws Exception {
        Path photos = s.tree("photos", 1);
        Files.write(photos.resolve("zz-last.bin"), new byte[20_000]);
        String id = s.upload(laptop, photos).batchId();
        BatchRecord uploaded = batch(laptop, id);
        Map<Integer, Post> posts = s.chunkPosts(uploaded.storageThreadId());
        int lastChunk = uploaded.chunkCount() - 1;
        s.remote.deletePost(uploaded.storageThreadId(), posts.get(lastChunk).id());
        s.remote.deletePost(uploaded.storageThreadId(), posts.get(lastChunk - 1).id());

        SyncReport report = rebuild(true);

        assertThat(report.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.batchId()).isEqualTo(id);
            assertThat(issue.kind()).isEqualTo(Kind.MISSING_CHUNKS);
            assertThat(issue.recordedAs()).isEqualTo(BatchState.DAMAGED);
            assertThat(issue.chunks()).containsExactly(lastChunk - 1, lastChunk);
        });
        assertThat(report.added()).containsExactly(id);
        assertThat(batch(laptop, id).state()).isEqualTo(BatchState.DAMAGED);
        List<ChunkRecord> chunks = laptop.metadata().chunks(id);
        assertThat(chunks).hasSize(uploaded.chunkCount());
        assertThat(chunks.subList(lastChunk - 1, lastChunk + 1)).allMatch(c -> c.state() == ChunkState.PLANNED);
        assertThat(chunks.subList(0, lastChunk - 1)).allMatch(c -> c.state() == ChunkState.POSTED);

        Path out = dir.resolve("out");
        new RestoreOperation(laptop).restore(id, out, List.of("photos/readme.txt"), false, ProgressListener.NONE);
        assertThat(Files.mismatch(photos.resolve("readme.txt"), out.resolve("photos/readme.txt"))).isEqualTo(-1L);
    }

    @Test
    void missingChunksAreFoundWhenARestoreLooksTheChunksUpAfterAPlainReset() throws Exception {
        Path photos = s.tree("photos", 1);
        Files.write(photos.resolve("zz-last.bin"), new byte[20_000]);
        String id = s.upload(laptop, photos).batchId();
        BatchRecord uploaded = batch(laptop, id);
        Map<Integer, Post> posts = s.chunkPosts(uploaded.storageThreadId());
        int lastChunk = uploaded.chunkCount() - 1;
        s.remote.deletePost(uploaded.storageThreadId(), posts.get(lastChunk).id());

        SyncReport report = rebuild();
        assertThat(report.issues()).as("no thread is read by a plain reset").isEmpty();
        assertThat(batch(laptop, id).state()).isEqualTo(BatchState.COMPLETE);

        Path out = dir.resolve("out");
        RestoreOperation.Report restored = new RestoreOperation(laptop).restore(id, out,
                List.of("photos/readme.txt"), false, ProgressListener.NONE);
        assertThat(restored.result().hasFailures()).isFalse();
        assertThat(Files.mismatch(photos.resolve("readme.txt"), out.resolve("photos/readme.txt"))).isEqualTo(-1L);
        List<ChunkRecord> chunks = laptop.metadata().chunks(id);
        assertThat(chunks.get(lastChunk).state()).as("looked up and not found").isEqualTo(ChunkState.PLANNED);
        assertThat(chunks.subList(0, lastChunk)).allMatch(c -> c.state() == ChunkState.POSTED);
        assertThat(batch(laptop, id).state()).isEqualTo(BatchState.DAMAGED);
        VerifyOperation.Report verified = new VerifyOperation(laptop).verify(id, false, ProgressListener.NONE);
        assertThat(verified.badChunks()).extracting(VerifyOperation.BadChunk::index).containsExactly(lastChunk);
    }

    @Test
    void aChunkStoredAtTheWrongSizeCountsAsMissing() throws Exception {
        String id = s.upload(laptop, s.tree("photos", 1)).batchId();
        BatchRecord uploaded = batch(laptop, id);
        Post second = s.chunkPosts(uploaded.storageThreadId()).get(1);
        s.remote.overwriteBlob(second.blobs().getFirst().ref(), new byte[] {1, 2, 3});

        SyncReport report = rebuild(true);

        assertThat(report.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.kind()).isEqualTo(Kind.MISSING_CHUNKS);
            assertThat(issue.chunks()).containsExactly(1);
            assertThat(issue.detail()).contains("wrong size");
        });
    }

    @Test
    void aCardWithoutItsThreadIsKeptAsDamagedWithItsFileList() throws Exception {
        String id = s.upload(laptop, s.tree("photos", 1)).batchId();
        BatchRecord uploaded = batch(laptop, id);
        s.remote.deleteContainer(uploaded.storageThreadId());

        SyncReport report = rebuild();

        assertThat(report.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.kind()).isEqualTo(Kind.CARD_WITHOUT_THREAD);
            assertThat(issue.recordedAs()).isEqualTo(BatchState.DAMAGED);
            assertThat(issue.detail()).contains(uploaded.storageThreadId());
        });
        BatchRecord rebuilt = batch(laptop, id);
        assertThat(rebuilt.state()).isEqualTo(BatchState.DAMAGED);
        assertThat(laptop.metadata().entries(id, null)).extracting(e -> e.path()).contains("photos/readme.txt");
        assertThat(laptop.metadata().chunks(id)).hasSize(uploaded.chunkCount())
                .allMatch(c -> c.state() == ChunkState.PLANNED);

        new DeleteOperation(laptop).delete(id);
        assertThat(s.remote.listPosts(s.indexArea(), null, 100)).as("only the deletion record")
                .singleElement().satisfies(post -> assertThat(DeletionRecord.parse(post.text()))
                        .contains(new DeletionRecord(id)));
    }

    @Test
    void aThreadWithoutCardIsAnIncompleteUploadThatDeleteCanRemove() throws Exception {
        String id = s.upload(laptop, s.tree("photos", 1)).batchId();
        BatchRecord uploaded = batch(laptop, id);
        s.remote.deletePost(s.indexArea(), uploaded.indexMessageId());

        SyncReport report = rebuild();

        assertThat(report.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.batchId()).isEqualTo(id);
            assertThat(issue.kind()).isEqualTo(Kind.THREAD_WITHOUT_CARD);
            assertThat(issue.recordedAs()).isEqualTo(BatchState.INCOMPLETE);
        });
        BatchRecord orphan = batch(laptop, id);
        assertThat(orphan.state()).isEqualTo(BatchState.INCOMPLETE);
        assertThat(orphan.storageThreadId()).isEqualTo(uploaded.storageThreadId());
        assertThat(orphan.chunkCount()).isEqualTo(uploaded.chunkCount());
        assertThat(orphan.storedBytes()).isEqualTo(uploaded.storedBytes());
        assertThat(orphan.keyFingerprint()).as("its chunks opened with our key").isEqualTo(s.key.fingerprint().hex());

        new DeleteOperation(laptop).delete(id);
        assertThat(s.remote.listContainers()).isEmpty();
        assertThat(batches(laptop)).isEmpty();
    }

    @Test
    void anotherKeysBatchIsReportedAndSkippedWithoutCrashing() throws Exception {
        Repository stranger = s.machine("stranger", MasterKey.generate());
        String theirs = s.upload(stranger, s.tree("theirs", 5)).batchId();
        String ours = s.upload(laptop, s.tree("ours", 6)).batchId();

        SyncReport report = rebuild();

        assertThat(report.added()).containsExactly(ours);
        assertThat(report.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.batchId()).isEqualTo(theirs);
            assertThat(issue.kind()).isEqualTo(Kind.WRONG_KEY);
            assertThat(issue.recordedAs()).isNull();
        });
        assertThat(laptop.metadata().batch(theirs)).isEmpty();
    }

    @Test
    void anotherKeysIncompleteUploadIsReportedButNotRecorded() throws Exception {
        Repository stranger = s.machine("stranger", MasterKey.generate());
        String theirs = s.upload(stranger, s.tree("theirs", 5)).batchId();
        s.remote.deletePost(s.indexArea(), batch(stranger, theirs).indexMessageId());

        SyncReport report = rebuild();

        assertThat(report.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.kind()).isEqualTo(Kind.THREAD_WITHOUT_CARD);
            assertThat(issue.recordedAs()).isNull();
            assertThat(issue.detail()).contains("do not open with this key");
        });
        assertThat(batches(laptop)).isEmpty();
    }

    @Test
    void aCardClaimingOurKeyWhoseManifestIsAnotherKeysIsAWrongKey() throws Exception {
        MasterKey other = MasterKey.generate();
        Repository stranger = s.machine("stranger", other);
        String theirs = s.upload(stranger, s.tree("theirs", 5)).batchId();
        Post card = s.remote.getPost(s.indexArea(), batch(stranger, theirs).indexMessageId()).orElseThrow();
        s.remote.editText(s.indexArea(), card.id(), card.text().replace(other.fingerprint().hex(), s.key.fingerprint().hex()));

        SyncReport report = rebuild();

        assertThat(report.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.kind()).isEqualTo(Kind.WRONG_KEY);
            assertThat(issue.detail()).contains("manifest");
        });
        assertThat(batches(laptop)).isEmpty();
    }

    @Test
    void anUnreadableManifestIsRecordedDamagedFromTheCardAlone() throws Exception {
        String id = s.upload(laptop, s.tree("photos", 1)).batchId();
        BatchRecord uploaded = batch(laptop, id);
        Post card = s.remote.getPost(s.indexArea(), uploaded.indexMessageId()).orElseThrow();
        byte[] envelope = s.firstBlob(card);
        envelope[envelope.length - 1] ^= 1; // the GCM tag no longer matches
        s.remote.overwriteBlob(card.blobs().getFirst().ref(), envelope);

        SyncReport report = rebuild();

        assertThat(report.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.kind()).isEqualTo(Kind.UNREADABLE_MANIFEST);
            assertThat(issue.recordedAs()).isEqualTo(BatchState.DAMAGED);
        });
        BatchRecord rebuilt = batch(laptop, id);
        assertThat(rebuilt.state()).isEqualTo(BatchState.DAMAGED);
        assertThat(rebuilt.chunkCount()).isEqualTo(uploaded.chunkCount());
        assertThat(rebuilt.storedBytes()).as("cards carry no sizes (FORMAT.md section 9)").isZero();
        assertThat(rebuilt.storageThreadId()).isEqualTo(uploaded.storageThreadId());
        assertThat(laptop.metadata().manifest(id)).isEmpty();
    }

    @Test
    void anUnreadableManifestKeepsTheCopyTheIndexAlreadyHas() throws Exception {
        String id = s.upload(laptop, s.tree("photos", 1)).batchId();
        BatchRecord uploaded = batch(laptop, id);
        Post card = s.remote.getPost(s.indexArea(), uploaded.indexMessageId()).orElseThrow();
        s.remote.deletePost(s.indexArea(), card.id());
        s.remote.post(s.indexArea(), card.text(), List.of()); // the card, without its manifest

        SyncReport report = new SyncOperation(laptop).reset(SyncListener.NONE);

        assertThat(report.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.kind()).isEqualTo(Kind.UNREADABLE_MANIFEST);
            assertThat(issue.detail()).contains("no manifest attached").contains("kept");
        });
        assertThat(batch(laptop, id).state()).isEqualTo(BatchState.DAMAGED);
        assertThat(laptop.metadata().entries(id, null)).isNotEmpty();
        assertThat(laptop.metadata().chunks(id)).allMatch(c -> c.state() == ChunkState.POSTED);
    }

    @Test
    void postsThatAreNotCardsAndThreadsThatAreNotBatchesAreIgnored() throws Exception {
        String id = s.upload(laptop, s.tree("photos", 1)).batchId();
        s.remote.post(s.indexArea(), "dos-card v1 batch=nonsense", List.of());
        s.remote.post(s.indexArea(), "hello", List.of(new BlobUpload("cat.jpg", new byte[] {1})));
        s.remote.createContainer("holiday chat");

        SyncReport report = rebuild();

        assertThat(report.issues()).isEmpty();
        assertThat(report.added()).containsExactly(id);
        assertThat(report.cardsRead()).isEqualTo(1);
    }
}
