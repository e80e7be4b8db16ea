package dev.dos.s3.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.core.remote.FaultyRemote.Operation;
import dev.dos.core.remote.FaultyRemote;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.memory.InMemoryRemote;
import dev.dos.s3.store.ObjectInfo;
import dev.dos.s3.store.ObjectMeta;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small objects are packed together and concurrent changes share commit posts: restic's hundreds
 * of tiny files cost a handful of posts, and each reads back alone (a byte range of its pack).
 */
class GroupCommitTest {
    @TempDir
    Path tmp;

    @Test
    void twoHundredConcurrentSmallPutsTakeFarFewerPostsThanObjectsAndAllReadBack() throws Exception {
        FaultyRemote remote = new FaultyRemote(new InMemoryRemote());
        int objects = 200;
        try (DiscordObjectStore store = EngineFixture.open(remote, tmp.resolve("data"))) {
            store.createBucket("restic");
            long postsBefore = remote.calls(Operation.POST);
            List<Future<ObjectInfo>> puts = new ArrayList<>();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < objects; i++) {
                    int n = i;
                    puts.add(pool.submit(() -> store.put("restic", "locks/" + n,
                            new ByteArrayInputStream(VisibilityTest.bytes(200 + n, n)), 200 + n, ObjectMeta.NONE)));
                }
                for (Future<ObjectInfo> f : puts) {
                    f.get();
                }
            }
            long posts = remote.calls(Operation.POST) - postsBefore;
            List<Post> lanePosts = Remotes.lanePosts(remote, store.lanes());
            long commitBlobs = lanePosts.stream().filter(Remotes::isCommit).mapToLong(p -> p.blobs().size()).sum();
            System.out.printf("%d concurrent small PUTs: %d posts (%.3f per object), %d pack or record blobs%n",
                    objects, posts, posts / (double) objects, commitBlobs);
            assertThat(posts).as("posts for %d objects", objects).isLessThanOrEqualTo(objects / 10);
            assertThat(Remotes.dataPosts(lanePosts)).as("no data posts for small objects").isZero();

            long downloads = remote.calls(Operation.OPEN_BLOB);
            for (int i = 0; i < objects; i++) {
                ObjectInfo info = store.head("restic", "locks/" + i).orElseThrow();
                try (InputStream in = store.open(info, 0, info.size())) {
                    assertThat(in.readAllBytes()).isEqualTo(VisibilityTest.bytes(200 + i, i));
                }
            }
            assertThat(remote.calls(Operation.OPEN_BLOB) - downloads).as("one ranged read per object").isEqualTo(objects);
        }
    }

    @Test
    void aRecordTooLongForThePostsTextTravelsAsItsLastBlob() throws Exception {
        InMemoryRemote remote = new InMemoryRemote();
        try (DiscordObjectStore store = EngineFixture.open(remote, tmp.resolve("data"))) {
            store.createBucket("bkt");
            java.util.Base64.Encoder text = java.util.Base64.getUrlEncoder().withoutPadding();
            String key = text.encodeToString(VisibilityTest.bytes(750, 1)); // 1000 random characters
            java.util.Map<String, String> user = new java.util.TreeMap<>();
            for (int i = 0; i < 20; i++) {
                user.put("field-" + i, text.encodeToString(VisibilityTest.bytes(75, 10 + i)));
            }
            ObjectMeta meta = new ObjectMeta("text/plain", java.util.Map.of(), user);
            store.put("bkt", key, new ByteArrayInputStream(new byte[] {1}), 1, meta);
            Post commit = Remotes.lanePosts(remote, store.lanes()).stream().filter(Remotes::isCommit)
                    .filter(p -> p.text().endsWith(" blob")).findFirst().orElseThrow();
            assertThat(commit.blobs().getLast().name()).endsWith(".s3j");
            store.rebuild();
            assertThat(store.head("bkt", key).orElseThrow().meta()).isEqualTo(meta);
        }
    }
}
