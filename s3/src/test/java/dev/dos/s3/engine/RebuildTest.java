package dev.dos.s3.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.core.remote.FaultyRemote.Operation;
import dev.dos.core.remote.FaultyRemote;
import dev.dos.core.remote.memory.InMemoryRemote;
import dev.dos.s3.store.Bucket;
import dev.dos.s3.store.CompletedPart;
import dev.dos.s3.store.ObjectInfo;
import dev.dos.s3.store.ObjectMeta;
import dev.dos.s3.store.ObjectStore;
import dev.dos.s3.store.Part;
import dev.dos.s3.store.Upload;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new machine rebuilds every bucket, object and upload from the card, the checkpoint and the
 * journal after it, reads them byte-identical, and catches up with later writes incrementally;
 * what that costs in requests.
 */
class RebuildTest {
    @TempDir
    Path tmp;

    private final FaultyRemote remote = new FaultyRemote(new InMemoryRemote());

    /** Checkpoints every 7 records, so a rebuild reads a checkpoint and a journal after it. */
    private DiscordObjectStore open(String dir) throws IOException {
        return DiscordObjectStore.open(remote, EngineFixture.KEY, tmp.resolve(dir),
                EngineFixture.options().withCheckpointEvery(7));
    }

    @Test
    void aFreshDataDirectoryRebuildsEveryBucketObjectAndUploadByteIdentical() throws Exception {
        Map<String, byte[]> written = new LinkedHashMap<>();
        Snapshot before;
        try (DiscordObjectStore store = open("first")) {
            fill(store, written);
            store.checkpoint();
            store.put("photos", "after-checkpoint", new ByteArrayInputStream(new byte[] {1, 2, 3}), 3, ObjectMeta.NONE);
            written.put("photos/after-checkpoint", new byte[] {1, 2, 3});
            before = Snapshot.of(store);
        }

        try (DiscordObjectStore fresh = open("second")) {
            assertThat(Snapshot.of(fresh)).isEqualTo(before);
            for (Map.Entry<String, byte[]> e : written.entrySet()) {
                String[] bk = e.getKey().split("/", 2);
                assertThat(read(fresh, fresh.head(bk[0], bk[1]).orElseThrow())).as(e.getKey()).isEqualTo(e.getValue());
            }
            // the open upload goes on where it was
            Upload open = fresh.uploads("photos", "").getFirst();
            Part two = fresh.uploadPart(open.id(), 2, new ByteArrayInputStream(new byte[] {9}), 1);
            Part one = fresh.parts(open.id()).getFirst();
            ObjectInfo done = fresh.completeUpload(open.id(), List.of(new CompletedPart(1, one.etag()),
                    new CompletedPart(2, two.etag())));
            assertThat(done.size()).isEqualTo(5L * 1024 * 1024 + 1);
        }
    }

    @Test
    void anIncrementalSyncReadsOnlyWhatIsNewAndAnIdleOneCostsARequestPerLanePlusOne() throws Exception {
        Map<String, byte[]> written = new LinkedHashMap<>();
        try (DiscordObjectStore store = open("first")) {
            fill(store, written);
        }
        try (DiscordObjectStore other = open("second")) {
            other.put("photos", "from-the-other-machine", new ByteArrayInputStream(new byte[] {7}), 1,
                    ObjectMeta.NONE);
            other.delete("photos", "small-3");
        }
        try (DiscordObjectStore store = open("first")) { // catches up with the journal at start
            assertThat(read(store, store.head("photos", "from-the-other-machine").orElseThrow()))
                    .containsExactly(7);
            assertThat(store.head("photos", "small-3")).isEmpty();

            long before = remote.calls();
            store.sync();
            long idle = remote.calls() - before;
            System.out.printf("idle sync: %d requests for %d lanes%n", idle, store.lanes().size());
            assertThat(idle).isLessThanOrEqualTo(store.lanes().size() + 1);
        }
    }

    @Test
    void aRebuildOfManyObjectsCostsFarBelowATenthOfARequestPerObject() throws Exception {
        int objects = 400;
        try (DiscordObjectStore store = DiscordObjectStore.open(remote, EngineFixture.KEY, tmp.resolve("first"),
                EngineFixture.options().withCheckpointEvery(150))) {
            store.createBucket("many");
            for (int i = 0; i < objects; i++) { // one commit post each: the worst case for the journal
                store.put("many", "k" + i, new ByteArrayInputStream(new byte[] {(byte) i}), 1, ObjectMeta.NONE);
            }
            long before = remote.calls();
            long downloads = remote.calls(Operation.OPEN_BLOB);
            store.rebuild();
            long cost = remote.calls() - before;
            System.out.printf("rebuild of %d objects: %d requests (%d downloads), %.4f per object%n", objects, cost,
                    remote.calls(Operation.OPEN_BLOB) - downloads, cost / (double) objects);
            assertThat(cost).isLessThanOrEqualTo(objects / 10);
            assertThat(store.list("many", "", null, 1000)).hasSize(objects);
        }
        long before = remote.calls();
        try (DiscordObjectStore fresh = open("second")) {
            long cost = remote.calls() - before;
            System.out.printf("open on a new machine (lease, card, checkpoint, journal): %d requests%n", cost);
            assertThat(fresh.list("many", "", null, 1000)).hasSize(objects);
            assertThat(read(fresh, fresh.head("many", "k399").orElseThrow())).containsExactly((byte) 399);
        }
    }

    /** Buckets, small and big objects, a copy, a completed and an open multipart upload, a delete. */
    private static void fill(ObjectStore store, Map<String, byte[]> written) throws Exception {
        store.createBucket("photos");
        store.createBucket("empty-bucket");
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> puts = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                byte[] data = VisibilityTest.bytes(100 + 50 * n, n);
                written.put("photos/small-" + n, data);
                puts.add(pool.submit(() -> store.put("photos", "small-" + n, new ByteArrayInputStream(data),
                        data.length, new ObjectMeta("image/jpeg", Map.of(), Map.of("n", "" + n)))));
            }
            for (Future<?> f : puts) {
                f.get();
            }
        }
        written.remove("photos/small-3");
        byte[] big = VisibilityTest.bytes(12_000_000, 99); // two chunks of the 10 MiB target
        written.put("photos/big", big);
        store.put("photos", "big", new ByteArrayInputStream(big), -1, ObjectMeta.NONE);
        store.copy("photos", "big", "photos", "copy-of-big", new ObjectMeta("x/y", Map.of(), Map.of()));
        written.put("photos/copy-of-big", big);
        Upload upload = store.createUpload("photos", "multi", ObjectMeta.NONE);
        byte[] p1 = VisibilityTest.bytes(5 * 1024 * 1024, 41);
        byte[] p2 = VisibilityTest.bytes(700, 42);
        Part a = store.uploadPart(upload.id(), 1, new ByteArrayInputStream(p1), p1.length);
        Part b = store.uploadPart(upload.id(), 2, new ByteArrayInputStream(p2), p2.length);
        store.completeUpload(upload.id(), List.of(new CompletedPart(1, a.etag()), new CompletedPart(2, b.etag())));
        byte[] joined = new byte[p1.length + p2.length];
        System.arraycopy(p1, 0, joined, 0, p1.length);
        System.arraycopy(p2, 0, joined, p1.length, p2.length);
        written.put("photos/multi", joined);
        Upload pending = store.createUpload("photos", "pending", new ObjectMeta(null, Map.of(), Map.of("a", "b")));
        store.uploadPart(pending.id(), 1, new ByteArrayInputStream(p1), p1.length);
        store.delete("photos", "small-3");
    }

    private static byte[] read(ObjectStore store, ObjectInfo info) throws IOException {
        try (InputStream in = store.open(info, 0, info.size())) {
            return in.readAllBytes();
        }
    }

    /** Everything a client can list. */
    record Snapshot(List<Bucket> buckets, Map<String, List<ObjectInfo>> objects, Map<String, List<Upload>> uploads,
                    Map<String, List<Part>> parts) {
        static Snapshot of(ObjectStore store) throws IOException {
            Map<String, List<ObjectInfo>> objects = new LinkedHashMap<>();
            Map<String, List<Upload>> uploads = new LinkedHashMap<>();
            Map<String, List<Part>> parts = new LinkedHashMap<>();
            for (Bucket bucket : store.buckets()) {
                objects.put(bucket.name(), store.list(bucket.name(), "", null, 10_000));
                uploads.put(bucket.name(), store.uploads(bucket.name(), ""));
                for (Upload upload : store.uploads(bucket.name(), "")) {
                    parts.put(upload.id(), store.parts(upload.id()));
                }
            }
            return new Snapshot(store.buckets(), objects, uploads, parts);
        }
    }
}
