package dev.dos.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.core.compress.Codec;
import dev.dos.core.compress.Compression;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.crypto.Sha256;
import dev.dos.core.format.BatchId;
import dev.dos.core.format.EncodedChunk;
import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.BatchState;
import dev.dos.core.meta.ChunkRecord;
import dev.dos.core.meta.ChunkState;
import dev.dos.core.meta.SqliteMetadataStore;
import dev.dos.core.pack.UnreadablePolicy;
import dev.dos.core.remote.BlobUpload;
import dev.dos.core.remote.ContainerInfo;
import dev.dos.core.remote.ForwardingRemote;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.StorageRemote;
import dev.dos.core.remote.memory.InMemoryRemote;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads with several transfers spread their posts over lanes (extra threads), and every reader
 * (restore, verify, sync --reset, delete, resume) finds all of them; the upload pipeline holds a
 * bounded number of chunks whatever the input size.
 */
class TransfersTest {
    private static final UploadOptions SMALL_CHUNKS =
            new UploadOptions(Compression.DEFAULT, 4096, false, UnreadablePolicy.ABORT, null);
    private static final TransferOptions FOUR = new TransferOptions(4, 0);

    @TempDir
    Path tmp;

    private final SlowRemote remote = new SlowRemote(new InMemoryRemote(
            new dev.dos.core.remote.RemoteLimits(10L * 1024 * 1024, 2, 2000)));
    private MasterKey key;
    private SqliteMetadataStore metadata;
    private Repository repo;
    private Path src;

    @BeforeEach
    void open() throws IOException {
        key = MasterKey.generate();
        metadata = SqliteMetadataStore.open(tmp.resolve("m.db"));
        repo = new Repository(remote, metadata, key);
        src = Files.createDirectories(tmp.resolve("src"));
        byte[] bytes = new byte[200_000];
        new Random(5).nextBytes(bytes);
        Files.write(src.resolve("a.bin"), bytes);
        Files.writeString(src.resolve("b.txt"), "lanes\n".repeat(2000));
    }

    @AfterEach
    void close() {
        metadata.close();
    }

    @Test
    void postsSpreadOverFourLanesConcurrentlyAndRestoreVerifyResetAndDeleteFindThemAll() throws Exception {
        UploadResult up = new UploadOperation(repo, FOUR).upload(List.of(src), SMALL_CHUNKS, ProgressListener.NONE);

        BatchRecord batch = metadata.batch(up.batchId()).orElseThrow();
        BatchId id = BatchId.parse(up.batchId());
        Set<String> lanes = metadata.chunks(up.batchId()).stream().map(c -> c.remote().containerId())
                .collect(Collectors.toSet());
        assertThat(lanes).hasSize(4).contains(batch.storageThreadId());
        assertThat(remote.listContainers()).extracting(ContainerInfo::name).containsExactlyInAnyOrder(
                RemoteNames.container(id), RemoteNames.lane(id, 1), RemoteNames.lane(id, 2), RemoteNames.lane(id, 3));
        assertThat(remote.listContainers()).allMatch(ContainerInfo::sealed);
        assertThat(remote.peak.get()).as("posts in flight at once").isBetween(2, 4);
        BatchCard card = BatchCard.parse(remote.getPost(remote.areaId(StorageRemote.Area.INDEX),
                batch.indexMessageId()).orElseThrow().text()).orElseThrow();
        assertThat(card.containers()).containsExactlyInAnyOrderElementsOf(lanes);

        assertRestores(repo, up.batchId(), "restored");
        assertThat(new VerifyOperation(repo, FOUR).verify(up.batchId(), true, ProgressListener.NONE).ok()).isTrue();

        // The index is lost: the card alone leads to every lane.
        try (SqliteMetadataStore fresh = SqliteMetadataStore.open(tmp.resolve("fresh.db"))) {
            Repository rebuilt = new Repository(remote, fresh, key);
            SyncReport report = new SyncOperation(rebuilt).reset(SyncListener.NONE);
            assertThat(report.issues()).isEmpty();
            assertThat(fresh.batch(up.batchId()).orElseThrow().state()).isEqualTo(BatchState.COMPLETE);
            assertThat(fresh.chunks(up.batchId())).as("where each is, is looked up when needed")
                    .allMatch(c -> c.state() == ChunkState.REMOTE);
            assertRestores(rebuilt, up.batchId(), "restored-after-reset");
            assertThat(fresh.chunks(up.batchId())).as("looked up across every lane")
                    .isEqualTo(metadata.chunks(up.batchId()));
            new DeleteOperation(rebuilt).delete(up.batchId());
        }
        assertThat(remote.listContainers()).isEmpty();
    }

    @Test
    void aSmallBatchKeepsOneThread() throws Exception {
        Path one = Files.writeString(tmp.resolve("small.txt"), "small");
        UploadResult up = new UploadOperation(repo, FOUR).upload(List.of(one), UploadOptions.defaults(),
                ProgressListener.NONE);
        assertThat(remote.listContainers()).hasSize(1);
        assertThat(BatchCard.parse(remote.getPost(remote.areaId(StorageRemote.Area.INDEX),
                metadata.batch(up.batchId()).orElseThrow().indexMessageId()).orElseThrow().text())
                .orElseThrow().lanes()).isEmpty();
    }

    @Test
    void anUploadStoppedMidwayResumesIntoItsLanesAndDeleteRemovesThemAll() throws Exception {
        remote.failAfter(6);
        IncompleteUploadException stop = org.junit.jupiter.api.Assertions.assertThrows(
                IncompleteUploadException.class,
                () -> new UploadOperation(repo, FOUR).upload(List.of(src), SMALL_CHUNKS, ProgressListener.NONE));
        String id = stop.batchId();
        assertThat(remote.listContainers()).hasSize(4);
        remote.failAfter(Integer.MAX_VALUE);

        ResumeResult resumed = new ResumeOperation(repo, new TransferOptions(2, 0)).resume(id, ProgressListener.NONE);

        assertThat(resumed.chunksSkipped() + resumed.chunksAdopted()).isPositive();
        assertThat(remote.listContainers()).as("resume posts into the lanes it recorded").hasSize(4);
        List<ChunkRecord> chunks = metadata.chunks(id);
        assertThat(chunks).allMatch(c -> c.state() == ChunkState.POSTED);
        long stored = 0;
        for (ContainerInfo c : remote.listContainers()) {
            for (Post p : remote.listPosts(c.id(), null, 1000)) {
                stored += p.blobs().size();
            }
        }
        assertThat(stored).as("every chunk stored exactly once").isEqualTo(chunks.size());
        assertRestores(repo, id, "resumed");
        new DeleteOperation(repo).delete(id);
        assertThat(remote.listContainers()).isEmpty();
    }

    @Test
    void thePosterHoldsAtMostWorkersPlusTwoGroupsWhateverTheInputSize() throws Exception {
        BatchId batch = BatchId.random();
        metadata.insertBatch(BatchRecord.startUpload(batch.hex(), "x", java.time.Instant.now(), "zstd", 1,
                key.fingerprint().hex()));
        String lane = remote.createContainer("dos-" + batch.hex());
        int workers = 3;
        try (ChunkPoster poster = new ChunkPoster(remote, metadata, List.of(lane), 2, workers, ProgressListener.NONE)) {
            for (int i = 0; i < 200; i++) {
                byte[] bytes = new byte[1024];
                new Random(i).nextBytes(bytes);
                poster.accept(new EncodedChunk(batch, i, i == 199, bytes, Codec.NONE, bytes.length, Sha256.hex(bytes)));
            }
            poster.finish();
            assertThat(poster.peakHeldGroups()).isBetween(2, workers + 2);
        }
        assertThat(metadata.chunks(batch.hex())).hasSize(200).allMatch(c -> c.state() == ChunkState.POSTED);
    }

    /**
     * Regression (a fresh-clone CI run hung): a worker's failure cleared the queue, which could
     * remove the END a sibling had just been woken for, leaving it waiting forever and finish()
     * joining it forever. Every poster whose post fails must still finish, many times over.
     */
    @Test
    void aFailingPostNeverLeavesFinishWaitingForever() {
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> {
            for (int round = 0; round < 200; round++) {
                BatchId batch = BatchId.random();
                metadata.insertBatch(BatchRecord.startUpload(batch.hex(), "x", java.time.Instant.now(), "zstd", 1,
                        key.fingerprint().hex()));
                String lane = remote.createContainer("dos-" + batch.hex());
                remote.failAfter(0);
                ChunkPoster poster = new ChunkPoster(remote, metadata, List.of(lane), 2, 4, ProgressListener.NONE);
                try (poster) {
                    byte[] bytes = new byte[64];
                    poster.accept(new EncodedChunk(batch, 0, true, bytes, Codec.NONE, bytes.length, Sha256.hex(bytes)));
                    org.junit.jupiter.api.Assertions.assertThrows(IOException.class, poster::finish);
                } catch (IOException refusedEarly) {
                    // accept() may already see the failure: as good an ending
                }
            }
        });
    }

    private void assertRestores(Repository on, String id, String dir) throws IOException {
        Path out = tmp.resolve(dir);
        RestoreOperation.Report report = new RestoreOperation(on, FOUR).restore(id, out, List.of(), false,
                ProgressListener.NONE);
        assertThat(report.result().hasFailures()).isFalse();
        assertThat(Files.readAllBytes(out.resolve("src/a.bin"))).isEqualTo(Files.readAllBytes(src.resolve("a.bin")));
        assertThat(Files.readString(out.resolve("src/b.txt"))).isEqualTo(Files.readString(src.resolve("b.txt")));
    }

    /** Posts take a few milliseconds, so concurrent posts overlap; counts the most at once; can fail on cue. */
    private static final class SlowRemote extends ForwardingRemote {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();
        final AtomicInteger chunkPosts = new AtomicInteger();
        volatile int failAfter = Integer.MAX_VALUE;

        SlowRemote(StorageRemote delegate) {
            super(delegate);
        }

        void failAfter(int posts) {
            chunkPosts.set(0);
            failAfter = posts;
        }

        @Override
        public Post post(String containerId, String text, List<BlobUpload> blobs) throws RemoteException {
            if (!text.isEmpty()) {
                return super.post(containerId, text, blobs); // a card
            }
            if (chunkPosts.incrementAndGet() > failAfter) {
                throw new RemoteException.Transient("network gone", null);
            }
            peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(5);
                return super.post(containerId, text, blobs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RemoteException("interrupted", e);
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }
}
