package dev.dos.core.ops;

import dev.dos.core.crypto.Sha256;
import static dev.dos.core.remote.FaultyRemote.Operation.CREATE_CONTAINER;
import static dev.dos.core.remote.FaultyRemote.Operation.POST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dos.core.compress.Compression;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.meta.BatchQuery;
import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.BatchState;
import dev.dos.core.meta.ChunkRecord;
import dev.dos.core.meta.ChunkState;
import dev.dos.core.meta.SqliteMetadataStore;
import dev.dos.core.pack.UnreadablePolicy;
import dev.dos.core.remote.Blob;
import dev.dos.core.remote.FaultyRemote.Fault;
import dev.dos.core.remote.FaultyRemote.Gate;
import dev.dos.core.remote.FaultyRemote;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.StorageRemote;
import dev.dos.core.remote.memory.InMemoryRemote;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upload and resume over a remote that loses answers, stores posts twice, fails and hangs, with
 * a real SQLite journal. Each case checks the three promises of resume: the batch restores to the
 * exact source bytes, no chunk is stored twice in the end, and a changed source is refused.
 *
 * <p>The source packs into about 60 chunks of at most 2 KiB, ten per post, so post calls 1 to 6
 * carry chunks.
 */
class ResumeOperationTest {
    private static final UploadOptions SMALL_CHUNKS =
            new UploadOptions(Compression.DEFAULT, 2048, false, UnreadablePolicy.SKIP_AND_REPORT, null);

    @TempDir
    Path tmp;

    /** A post that fails outright, as after Discord answered 503 to every retry. */
    private final Fault fail = Fault.fail(new RemoteException.Transient("Discord answered 503 five times", null));

    private final FaultyRemote remote = new FaultyRemote(new InMemoryRemote(InMemoryRemote.DISCORD_DEFAULT_LIMITS));
    private SqliteMetadataStore metadata;
    private Repository repo;
    private Path src;
    private int restores;

    @BeforeEach
    void openStoreAndWriteSource() throws IOException {
        metadata = SqliteMetadataStore.open(tmp.resolve("data/metadata.db"));
        repo = new Repository(remote, metadata, MasterKey.generate());
        src = tmp.resolve("src");
        Files.createDirectories(src.resolve("sub"));
        Files.write(src.resolve("a.bin"), random(60_000, 1));
        Files.writeString(src.resolve("b.txt"), "all work and no play\n".repeat(1500));
        Files.write(src.resolve("sub/c.bin"), random(50_000, 2));
    }

    @AfterEach
    void close() {
        metadata.close();
    }

    @Test
    void aRemoteFailureLeavesTheBatchIncompleteAndResumePostsOnlyWhatIsMissing() throws Exception {
        remote.injectAt(POST, 3, fail);

        IncompleteUploadException stop = failedUpload();
        assertThat(stop.interrupted()).isFalse();
        String id = stop.batchId();
        assertThat(metadata.batch(id).orElseThrow().state()).isEqualTo(BatchState.INCOMPLETE);
        long confirmed = posted(id);
        assertThat(confirmed).isEqualTo(20); // posts 1 and 2, journaled before and after

        ResumeResult result = new ResumeOperation(repo).resume(id.substring(0, 6), ProgressListener.NONE);

        assertThat(result.chunksSkipped()).isEqualTo(20);
        assertThat(result.chunksAdopted()).isZero();
        assertThat(result.chunksPosted()).isEqualTo(result.upload().chunkCount() - 20);
        assertThat(metadata.batch(id).orElseThrow().state()).isEqualTo(BatchState.COMPLETE);
        assertEachChunkStoredOnce(id);
        assertRestoresSource(id);
    }

    @Test
    void aPostWhoseAnswerWasLostIsFoundInTheThreadAndAdoptedNotPostedAgain() throws Exception {
        remote.injectAt(POST, 2, Fault.loseAnswer());

        String id = failedUpload().batchId();
        assertThat(metadata.chunks(id)).filteredOn(c -> c.state() == ChunkState.POSTING).hasSize(10);

        ResumeResult result = new ResumeOperation(repo).resume(id, ProgressListener.NONE);

        assertThat(result.chunksSkipped()).isEqualTo(10);
        assertThat(result.chunksAdopted()).isEqualTo(10);
        assertThat(result.postsRemoved()).isZero();
        assertEachChunkStoredOnce(id);
        assertRestoresSource(id);
    }

    @Test
    void aDuplicatePostLeftByARetryIsRemovedOnResume() throws Exception {
        remote.injectAt(POST, 2, Fault.twice()).injectAt(POST, 4, fail);

        String id = failedUpload().batchId();
        assertThat(chunkBlobNames(id)).hasSize(40); // posts 1, 2, 2 again, 3

        ResumeResult result = new ResumeOperation(repo).resume(id, ProgressListener.NONE);

        assertThat(result.chunksSkipped()).isEqualTo(30);
        assertThat(result.postsRemoved()).isEqualTo(1);
        assertEachChunkStoredOnce(id);
        assertRestoresSource(id);
    }

    @Test
    void aFileThatChangedSizeIsRefusedBeforeAnythingIsPosted() throws Exception {
        remote.injectAt(POST, 3, fail);
        String id = failedUpload().batchId();
        Files.writeString(src.resolve("b.txt"), "one more line\n", java.nio.file.StandardOpenOption.APPEND);
        long postsBefore = remote.calls(POST);

        SourceChangedException refused = assertThrows(SourceChangedException.class,
                () -> new ResumeOperation(repo).resume(id, ProgressListener.NONE));

        assertThat(refused.differences()).singleElement().asString().startsWith("changed: src/b.txt (size");
        assertThat(refused.getMessage()).contains("dos upload").contains("dos delete " + id.substring(0, 8));
        assertThat(remote.calls(POST)).isEqualTo(postsBefore);
        assertThat(metadata.batch(id).orElseThrow().state()).isEqualTo(BatchState.INCOMPLETE);
    }

    @Test
    void addedAndRemovedFilesAreRefusedToo() throws Exception {
        remote.injectAt(POST, 3, fail);
        String id = failedUpload().batchId();
        Files.delete(src.resolve("sub/c.bin"));
        Files.writeString(src.resolve("new.txt"), "new");

        SourceChangedException refused = assertThrows(SourceChangedException.class,
                () -> new ResumeOperation(repo).resume(id, ProgressListener.NONE));

        assertThat(refused.differences()).contains("removed: src/sub/c.bin", "added: src/new.txt");
    }

    @Test
    void contentChangedUnderTheSameSizeAndTimeIsCaughtByTheChunkHashBeforeItIsPosted() throws Exception {
        remote.injectAt(POST, 3, fail);
        String id = failedUpload().batchId();
        Path a = src.resolve("a.bin");
        FileTime mtime = Files.getLastModifiedTime(a);
        byte[] bytes = Files.readAllBytes(a);
        bytes[100] ^= 1; // a.bin is the first file: its bytes are in chunk 0, which is stored
        Files.write(a, bytes);
        Files.setLastModifiedTime(a, mtime);
        long postsBefore = remote.calls(POST);

        SourceChangedException refused = assertThrows(SourceChangedException.class,
                () -> new ResumeOperation(repo).resume(id, ProgressListener.NONE));

        assertThat(refused.differences()).singleElement().asString().contains("chunk 0");
        assertThat(remote.calls(POST)).isEqualTo(postsBefore);
        assertThat(metadata.batch(id).orElseThrow().state()).isEqualTo(BatchState.INCOMPLETE);
    }

    @Test
    void aThreadCreatedButNeverRecordedIsFoundByNameAndReused() throws Exception {
        remote.inject(CREATE_CONTAINER, Fault.loseAnswer());

        String id = failedUpload().batchId();
        assertThat(metadata.batch(id).orElseThrow().storageThreadId()).isNull();
        assertThat(containersOf(id)).hasSize(1);

        new ResumeOperation(repo).resume(id, ProgressListener.NONE);

        assertThat(containersOf(id)).containsExactly(metadata.batch(id).orElseThrow().storageThreadId());
        assertRestoresSource(id);
    }

    @Test
    void aThreadDeletedRemotelyIsCreatedAgainAndFilledFromScratch() throws Exception {
        remote.injectAt(POST, 3, fail);
        String id = failedUpload().batchId();
        String lost = metadata.batch(id).orElseThrow().storageThreadId();
        remote.deleteContainer(lost);

        ResumeResult result = new ResumeOperation(repo).resume(id, ProgressListener.NONE);

        assertThat(result.chunksSkipped()).isZero();
        assertThat(result.chunksPosted()).isEqualTo(result.upload().chunkCount());
        assertThat(metadata.batch(id).orElseThrow().storageThreadId()).isNotEqualTo(lost);
        assertEachChunkStoredOnce(id);
        assertRestoresSource(id);
    }

    @Test
    void aCardPostedButNeverRecordedIsAdoptedSoTheIndexHoldsExactlyOneCard() throws Exception {
        remote.inject(POST, remote.inArea(StorageRemote.Area.INDEX), Fault.loseAnswer());

        String id = failedUpload().batchId();
        assertThat(metadata.batch(id).orElseThrow().indexMessageId()).isNull();
        assertThat(metadata.manifest(id)).isPresent();

        ResumeResult result = new ResumeOperation(repo).resume(id, ProgressListener.NONE);

        assertThat(result.chunksPosted()).isZero();
        assertThat(result.chunksSkipped()).isEqualTo(result.upload().chunkCount());
        assertThat(RemoteLeftovers.cards(remote, dev.dos.core.format.BatchId.parse(id)))
                .singleElement().extracting(Post::id).isEqualTo(metadata.batch(id).orElseThrow().indexMessageId());
        assertRestoresSource(id);
    }

    @Test
    void aBatchLeftUploadingByADeadProcessIsReclaimedButOneWhoseUploaderLivesIsNot() throws Exception {
        remote.injectAt(POST, 3, fail);
        String id = failedUpload().batchId();
        // What kill -9 leaves: the state says UPLOADING and nobody holds the batch's lock.
        assertThat(metadata.moveBatch(id, BatchState.INCOMPLETE, BatchState.UPLOADING)).isTrue();

        try (UploadLock alive = UploadLock.tryAcquire(metadata, id).orElseThrow()) {
            assertThat(new ResumeOperation(repo).resumable()).isEmpty();
            assertThatThrownBy(() -> new ResumeOperation(repo).resume(id, ProgressListener.NONE))
                    .isInstanceOf(BatchBusyException.class);
            assertThatThrownBy(() -> new DeleteOperation(repo).delete(id)).isInstanceOf(BatchBusyException.class);
        }

        List<ResumeOperation.Resumable> resumable = new ResumeOperation(repo).resumable();
        assertThat(resumable).singleElement().satisfies(r -> {
            assertThat(r.batch().id()).isEqualTo(id);
            assertThat(r.batch().state()).isEqualTo(BatchState.INCOMPLETE);
            assertThat(r.chunksStored()).isEqualTo(20);
        });
        new ResumeOperation(repo).resume(id, ProgressListener.NONE);
        assertRestoresSource(id);
    }

    @Test
    void aCompleteBatchIsNotResumable() throws Exception {
        UploadResult done = new UploadOperation(repo).upload(List.of(src), SMALL_CHUNKS, ProgressListener.NONE);

        assertThatThrownBy(() -> new ResumeOperation(repo).resume(done.batchId(), ProgressListener.NONE))
                .isInstanceOf(NotResumableException.class).hasMessageContaining("already complete");
        assertThat(new ResumeOperation(repo).resumable()).isEmpty();
    }

    @Test
    void anInterruptLetsThePostInFlightFinishThenStopsAndTheRestIsResumed() throws Exception {
        Gate hanging = new Gate();
        remote.injectAt(POST, 3, Fault.hold(hanging));
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Thread[] uploader = new Thread[1];
            Future<IncompleteUploadException> upload = thread.submit(() -> {
                uploader[0] = Thread.currentThread();
                return assertThrows(IncompleteUploadException.class, () ->
                        new UploadOperation(repo).upload(List.of(src), SMALL_CHUNKS, ProgressListener.NONE));
            });
            assertThat(hanging.awaitHeld(Duration.ofSeconds(10))).isTrue();
            uploader[0].interrupt(); // what the Ctrl-C hook does
            awaitGraceWait(uploader[0]);
            hanging.open(); // the post in flight completes within the grace period

            IncompleteUploadException stop = upload.get(10, TimeUnit.SECONDS);
            assertThat(stop.interrupted()).isTrue();
            String id = stop.batchId();
            assertThat(metadata.batch(id).orElseThrow().state()).isEqualTo(BatchState.INCOMPLETE);
            assertThat(posted(id)).isEqualTo(30); // the third post was confirmed and journaled
            assertThat(metadata.chunks(id)).noneMatch(c -> c.state() == ChunkState.POSTING);

            ResumeResult result = new ResumeOperation(repo).resume(id, ProgressListener.NONE);
            assertThat(result.chunksSkipped()).isEqualTo(30);
            assertEachChunkStoredOnce(id);
            assertRestoresSource(id);
        } finally {
            thread.shutdownNow();
        }
    }

    /**
     * Returns once {@code uploader} has taken the interrupt and is waiting for the post in flight
     * (ChunkPoster's grace period): its interrupt flag consumed, and parked with a timeout. Released
     * earlier, the lane could go on to post the next group before the uploader stops it.
     */
    private static void awaitGraceWait(Thread uploader) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (uploader.isInterrupted() || uploader.getState() != Thread.State.TIMED_WAITING) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the uploader never stopped to wait for its lanes");
            }
            Thread.sleep(1);
        }
    }

    @Test
    void deletingAnInterruptedBatchAlsoRemovesTheThreadItNeverRecorded() throws Exception {
        remote.inject(CREATE_CONTAINER, Fault.loseAnswer());
        String id = failedUpload().batchId();

        new DeleteOperation(repo).delete(id);

        assertThat(containersOf(id)).isEmpty();
        assertThat(metadata.batch(id)).isEmpty();
        assertThat(metadata.listBatches(BatchQuery.all()).total()).isZero();
    }

    // ---- helpers ----------------------------------------------------------------------------

    private IncompleteUploadException failedUpload() {
        return assertThrows(IncompleteUploadException.class,
                () -> new UploadOperation(repo).upload(List.of(src), SMALL_CHUNKS, ProgressListener.NONE));
    }

    private long posted(String id) {
        return metadata.chunks(id).stream().filter(c -> c.state() == ChunkState.POSTED).count();
    }

    private List<String> containersOf(String id) throws IOException {
        return RemoteLeftovers.containers(remote, dev.dos.core.format.BatchId.parse(id));
    }

    private List<String> chunkBlobNames(String id) throws IOException {
        String thread = metadata.batch(id).orElseThrow().storageThreadId();
        List<String> names = new ArrayList<>();
        for (Post post : remote.listPosts(thread, null, 1000)) {
            post.blobs().stream().map(Blob::name).forEach(names::add);
        }
        return names;
    }

    /** Every chunk the journal knows is POSTED, in the batch's thread, exactly once. */
    private void assertEachChunkStoredOnce(String id) throws IOException {
        BatchRecord batch = metadata.batch(id).orElseThrow();
        List<ChunkRecord> chunks = metadata.chunks(id);
        assertThat(chunks).hasSize(batch.chunkCount()).allMatch(c -> c.state() == ChunkState.POSTED
                && c.remote().containerId().equals(batch.storageThreadId()));
        assertThat(chunkBlobNames(id)).doesNotHaveDuplicates().hasSize(batch.chunkCount());
        StorageRemote.Area index = StorageRemote.Area.INDEX;
        assertThat(remote.getPost(remote.areaId(index), batch.indexMessageId())).isPresent();
    }

    private void assertRestoresSource(String id) throws IOException {
        Path out = tmp.resolve("restored-" + restores++);
        new RestoreOperation(repo).restore(id, out, List.of(), false, ProgressListener.NONE);
        assertThat(contents(out.resolve("src"))).isEqualTo(contents(src));
    }

    private static Map<String, String> contents(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                String key = root.relativize(p).toString();
                out.put(key, Files.isDirectory(p) ? "dir"
                        : Sha256.hex(Files.readAllBytes(p)) + " " + Files.getLastModifiedTime(p).toMillis());
            }
        }
        return out;
    }

    private static byte[] random(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
