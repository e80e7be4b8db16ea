package dev.dos.core.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dos.core.remote.StorageRemote.Area;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The meaning of {@link StorageRemote}, as tests. Every implementation's test class extends this
 * and supplies {@link #newRemote()}; an implementation is not done until the suite is green.
 *
 * <p>Tests do not assume an empty remote: remotes may share state between tests, so each test
 * creates its own containers and asserts only about what it created.
 */
public abstract class StorageRemoteConformance {

    private static final AtomicInteger NAMES = new AtomicInteger();

    protected StorageRemote remote;

    /** A remote for one test; the suite closes it after the test. */
    protected abstract StorageRemote newRemote() throws Exception;

    @BeforeEach
    public final void openRemote() throws Exception {
        remote = newRemote();
    }

    @AfterEach
    public final void closeRemote() {
        if (remote != null) {
            remote.close();
        }
    }

    // ---- limits and areas ----------------------------------------------------------------

    @Test
    public void limitsAreStableAcrossCalls() throws Exception {
        RemoteLimits limits = remote.limits();
        assertThat(remote.limits()).isEqualTo(limits);
    }

    @Test
    public void areasHaveDistinctIdsAndAreNotListedAsContainers() throws Exception {
        String index = remote.areaId(Area.INDEX);
        String backup = remote.areaId(Area.BACKUP);
        assertThat(index).isNotBlank().isNotEqualTo(backup);
        assertThat(backup).isNotBlank();
        assertThat(remote.listContainers()).extracting(ContainerInfo::id).doesNotContain(index, backup);
    }

    @Test
    public void areasAcceptPostsLikeContainers() throws Exception {
        for (Area area : Area.values()) {
            String id = remote.areaId(area);
            Post first = remote.post(id, "card 1 of " + area, List.of());
            Post second = remote.post(id, "card 2 of " + area, List.of(blob("db.bin", 3000, 7)));
            assertThat(remote.listPosts(id, first.id(), 1)).containsExactly(second);
            assertThat(remote.getPost(id, second.id())).contains(second);
            assertThat(read(second.blobs().getFirst().ref())).isEqualTo(bytes(3000, 7));
            remote.deletePost(id, first.id());
            remote.deletePost(id, second.id());
            assertThat(remote.getPost(id, first.id())).isEmpty();
        }
    }

    @Test
    public void whatThisRemotePostsIsOursWhenReadBack() throws Exception {
        String container = remote.createContainer("dos-ours");
        Post posted = remote.post(container, "mine", List.of(blob("a.bin", 10, 1)));
        Post edited = remote.editText(container, posted.id(), "still mine");

        assertThat(posted.ours()).isTrue();
        assertThat(edited.ours()).isTrue();
        assertThat(remote.getPost(container, posted.id())).hasValueSatisfying(p -> assertThat(p.ours()).isTrue());
        assertThat(remote.listPosts(container, null, 10)).singleElement().extracting(Post::ours).isEqualTo(true);
    }

    @Test
    public void areasCannotBeDeleted() {
        for (Area area : Area.values()) {
            assertThatThrownBy(() -> remote.deleteContainer(remote.areaId(area)))
                    .isInstanceOf(RemoteException.Rejected.class);
        }
    }

    // ---- containers ----------------------------------------------------------------------

    @Test
    public void createdContainerIsListedOpenWithItsName() throws Exception {
        String name = uniqueName();
        String id = remote.createContainer(name);
        assertThat(remote.listContainers()).contains(new ContainerInfo(id, name, false));
    }

    @Test
    public void containerNamesMustBeOneToHundredCharacters() throws Exception {
        assertThatThrownBy(() -> remote.createContainer("")).isInstanceOf(RemoteException.Rejected.class);
        assertThatThrownBy(() -> remote.createContainer("n".repeat(101))).isInstanceOf(RemoteException.Rejected.class);
        String longest = "n".repeat(100);
        String id = remote.createContainer(longest);
        assertThat(remote.listContainers()).contains(new ContainerInfo(id, longest, false));
    }

    @Test
    public void sealedContainerIsListedSealedAndSealingAgainIsFine() throws Exception {
        String name = uniqueName();
        String id = remote.createContainer(name);
        remote.post(id, "one post", List.of());
        remote.sealContainer(id);
        remote.sealContainer(id);
        assertThat(remote.listContainers()).contains(new ContainerInfo(id, name, true));
        assertThat(remote.listPosts(id, null, 10)).extracting(Post::text).containsExactly("one post");
    }

    @Test
    public void postingToSealedContainerOpensItAgain() throws Exception {
        String name = uniqueName();
        String id = remote.createContainer(name);
        remote.sealContainer(id);
        Post post = remote.post(id, "late post", List.of(blob("late.bin", 100, 1)));
        assertThat(remote.listContainers()).contains(new ContainerInfo(id, name, false));
        assertThat(remote.getPost(id, post.id())).contains(post);
    }

    @Test
    public void sealingMissingContainerIsNotFound() throws Exception {
        String id = deletedContainer();
        assertThatThrownBy(() -> remote.sealContainer(id)).isInstanceOf(RemoteException.NotFound.class);
    }

    @Test
    public void deletedContainerIsGoneWithEverythingInIt() throws Exception {
        String id = remote.createContainer(uniqueName());
        Post post = remote.post(id, "doomed", List.of(blob("doomed.bin", 500, 2)));
        remote.deleteContainer(id);

        assertThat(remote.listContainers()).extracting(ContainerInfo::id).doesNotContain(id);
        assertThat(remote.getPost(id, post.id())).isEmpty();
        assertThatThrownBy(() -> remote.listPosts(id, null, 10)).isInstanceOf(RemoteException.NotFound.class);
        assertThatThrownBy(() -> remote.openBlob(post.blobs().getFirst().ref()))
                .isInstanceOf(RemoteException.NotFound.class);
        assertThatThrownBy(() -> remote.post(id, "too late", List.of())).isInstanceOf(RemoteException.NotFound.class);
    }

    @Test
    public void deletingMissingContainerIsNotAnError() throws Exception {
        String id = deletedContainer();
        remote.deleteContainer(id);
        assertThat(remote.listContainers()).extracting(ContainerInfo::id).doesNotContain(id);
    }

    // ---- posting -------------------------------------------------------------------------

    @Test
    public void textOnlyPostIsStoredAsPosted() throws Exception {
        String id = remote.createContainer(uniqueName());
        Post post = remote.post(id, "hello, remote", List.of());
        assertThat(post.containerId()).isEqualTo(id);
        assertThat(post.text()).isEqualTo("hello, remote");
        assertThat(post.blobs()).isEmpty();
        assertThat(post.createdAt()).isNotNull();
        assertThat(remote.getPost(id, post.id())).contains(post);
    }

    @Test
    public void postWithMostBlobsKeepsTheirOrderNamesSizesAndBytes() throws Exception {
        String id = remote.createContainer(uniqueName());
        int count = remote.limits().maxBlobsPerPost();
        List<BlobUpload> uploads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            uploads.add(blob("chunk-" + i + ".bin", 1000 + 37 * i, i));
        }
        Post post = remote.post(id, "", uploads);

        assertThat(post.text()).isEmpty();
        assertThat(post.blobs()).hasSize(count);
        for (int i = 0; i < count; i++) {
            Blob blob = post.blobs().get(i);
            assertThat(blob.name()).isEqualTo("chunk-" + i + ".bin");
            assertThat(blob.size()).isEqualTo(1000 + 37 * i);
            assertThat(blob.ref()).isEqualTo(new BlobRef(id, post.id(), blob.ref().blobId()));
            assertThat(read(blob.ref())).isEqualTo(bytes(1000 + 37 * i, i));
        }
        assertThat(post.blobs()).extracting(b -> b.ref().blobId()).doesNotHaveDuplicates();
        assertThat(remote.getPost(id, post.id())).contains(post);
        assertThat(remote.listPosts(id, null, 10)).containsExactly(post);
    }

    @Test
    public void postedBytesAreCopiedNotShared() throws Exception {
        String id = remote.createContainer(uniqueName());
        byte[] bytes = bytes(2000, 3);
        Post post = remote.post(id, "copy", List.of(new BlobUpload("copy.bin", bytes)));
        bytes[0] ^= 1;
        assertThat(read(post.blobs().getFirst().ref())).isEqualTo(bytes(2000, 3));
    }

    @Test
    public void emptyPostIsRejected() throws Exception {
        String id = remote.createContainer(uniqueName());
        assertThatThrownBy(() -> remote.post(id, "", List.of())).isInstanceOf(RemoteException.Rejected.class);
        assertThat(remote.listPosts(id, null, 10)).isEmpty();
    }

    @Test
    public void postToMissingContainerIsNotFound() throws Exception {
        String id = deletedContainer();
        assertThatThrownBy(() -> remote.post(id, "nobody home", List.of(blob("x.bin", 10, 1))))
                .isInstanceOf(RemoteException.NotFound.class);
    }

    // ---- limits --------------------------------------------------------------------------

    @Test
    public void blobExactlyAtTheLimitIsStoredAndReadBackWhole() throws Exception {
        String id = remote.createContainer(uniqueName());
        int max = Math.toIntExact(remote.limits().maxBlobBytes());
        Post post = remote.post(id, "largest", List.of(blob("largest.bin", max, 11)));
        assertThat(post.blobs().getFirst().size()).isEqualTo(max);
        assertThat(read(post.blobs().getFirst().ref())).isEqualTo(bytes(max, 11));
    }

    @Test
    public void blobOverTheLimitIsTooLargeAndNothingIsStored() throws Exception {
        String id = remote.createContainer(uniqueName());
        int over = Math.toIntExact(remote.limits().maxBlobBytes() + 1);
        assertThatThrownBy(() -> remote.post(id, "too big", List.of(blob("small.bin", 10, 1), blob("big.bin", over, 2))))
                .isInstanceOf(RemoteException.TooLarge.class);
        assertThat(remote.listPosts(id, null, 10)).isEmpty();
    }

    @Test
    public void tooManyBlobsIsTooLargeAndNothingIsStored() throws Exception {
        String id = remote.createContainer(uniqueName());
        List<BlobUpload> uploads = new ArrayList<>();
        for (int i = 0; i <= remote.limits().maxBlobsPerPost(); i++) {
            uploads.add(blob("many-" + i + ".bin", 10, i));
        }
        assertThatThrownBy(() -> remote.post(id, "too many", uploads)).isInstanceOf(RemoteException.TooLarge.class);
        assertThat(remote.listPosts(id, null, 10)).isEmpty();
    }

    @Test
    public void blobsFillingThePostTotalExactlyAreStored() throws Exception {
        String id = remote.createContainer(uniqueName());
        List<BlobUpload> uploads = blobsTotalling(remote.limits().maxPostBytes(), 20);
        Post post = remote.post(id, "full post", uploads);
        assertThat(post.blobs()).extracting(Blob::size).containsExactlyElementsOf(
                uploads.stream().map(BlobUpload::size).toList());
        assertThat(read(post.blobs().getLast().ref())).isEqualTo(uploads.getLast().bytes());
    }

    @Test
    public void blobsOverThePostTotalAreTooLargeAndNothingIsStored() throws Exception {
        RemoteLimits limits = remote.limits();
        String id = remote.createContainer(uniqueName());
        if (limits.maxPostBytes() >= limits.maxBlobBytes() * limits.maxBlobsPerPost()) {
            // no total cap below what the blob count and size allow: one blob too many is the only way over
            assertThat(limits.maxPostBytes()).isEqualTo(limits.maxBlobBytes() * limits.maxBlobsPerPost());
            return;
        }
        List<BlobUpload> uploads = blobsTotalling(limits.maxPostBytes() + 1, 30);
        assertThatThrownBy(() -> remote.post(id, "over the total", uploads)).isInstanceOf(RemoteException.TooLarge.class);
        assertThat(remote.listPosts(id, null, 10)).isEmpty();
    }

    @Test
    public void textAtTheLimitIsStoredAndLongerTextIsTooLarge() throws Exception {
        String id = remote.createContainer(uniqueName());
        int max = remote.limits().maxTextChars();
        Post post = remote.post(id, "t".repeat(max), List.of());
        assertThat(post.text()).hasSize(max);
        assertThatThrownBy(() -> remote.post(id, "t".repeat(max + 1), List.of()))
                .isInstanceOf(RemoteException.TooLarge.class);
        assertThat(remote.listPosts(id, null, 10)).containsExactly(post);
    }

    // ---- reading -------------------------------------------------------------------------

    @Test
    public void postsAreListedOldestFirstAndPagedAcrossMoreThanHundred() throws Exception {
        String id = remote.createContainer(uniqueName());
        List<String> posted = new ArrayList<>();
        for (int i = 0; i < 230; i++) {
            posted.add(remote.post(id, "post " + i, List.of()).id());
        }

        List<Integer> pageSizes = new ArrayList<>();
        List<Post> all = new ArrayList<>();
        String after = null;
        List<Post> page;
        do {
            page = remote.listPosts(id, after, 100);
            pageSizes.add(page.size());
            all.addAll(page);
            after = page.isEmpty() ? after : page.getLast().id();
        } while (page.size() == 100);

        assertThat(pageSizes).containsExactly(100, 100, 30);
        assertThat(all).extracting(Post::id).containsExactlyElementsOf(posted);
        assertThat(all).extracting(Post::text).startsWith("post 0", "post 1").endsWith("post 228", "post 229");
        assertThat(remote.listPosts(id, null, 500)).isEqualTo(all);
        assertThat(remote.listPosts(id, posted.get(149), 3)).extracting(Post::id)
                .containsExactlyElementsOf(posted.subList(150, 153));
        assertThat(remote.listPosts(id, posted.getLast(), 100)).isEmpty();
    }

    @Test
    public void smallPagesWalkTheWholeContainer() throws Exception {
        String id = remote.createContainer(uniqueName());
        List<String> posted = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            posted.add(remote.post(id, "small " + i, List.of()).id());
        }
        List<String> walked = new ArrayList<>();
        String after = null;
        while (true) {
            List<Post> page = remote.listPosts(id, after, 7);
            page.forEach(p -> walked.add(p.id()));
            if (page.size() < 7) {
                break;
            }
            after = page.getLast().id();
        }
        assertThat(walked).containsExactlyElementsOf(posted);
    }

    @Test
    public void listLimitBelowOneIsIllegal() throws Exception {
        String id = remote.createContainer(uniqueName());
        assertThatThrownBy(() -> remote.listPosts(id, null, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    public void getPostOfMissingPostIsEmpty() throws Exception {
        String id = remote.createContainer(uniqueName());
        Post post = remote.post(id, "here for a moment", List.of());
        remote.deletePost(id, post.id());
        assertThat(remote.getPost(id, post.id())).isEqualTo(Optional.empty());
    }

    @Test
    public void deletingPostIsIdempotentAndRemovesIt() throws Exception {
        String id = remote.createContainer(uniqueName());
        Post keep = remote.post(id, "keep", List.of());
        Post drop = remote.post(id, "drop", List.of(blob("drop.bin", 100, 5)));
        remote.deletePost(id, drop.id());
        remote.deletePost(id, drop.id());
        assertThat(remote.getPost(id, drop.id())).isEmpty();
        assertThat(remote.listPosts(id, null, 10)).containsExactly(keep);
    }

    @Test
    public void openBlobOfDeletedPostIsNotFound() throws Exception {
        String id = remote.createContainer(uniqueName());
        Post post = remote.post(id, "short-lived", List.of(blob("gone.bin", 100, 6)));
        remote.deletePost(id, post.id());
        assertThatThrownBy(() -> remote.openBlob(post.blobs().getFirst().ref()))
                .isInstanceOf(RemoteException.NotFound.class);
    }

    @Test
    public void openBlobOfUnknownBlobIsNotFound() throws Exception {
        String id = remote.createContainer(uniqueName());
        Post post = remote.post(id, "one blob", List.of(blob("only.bin", 100, 8)));
        BlobRef unknown = new BlobRef(id, post.id(), "1");
        assertThatThrownBy(() -> remote.openBlob(unknown)).isInstanceOf(RemoteException.NotFound.class);
    }

    // ---- editing -------------------------------------------------------------------------

    @Test
    public void editingTextKeepsTheBlobs() throws Exception {
        String id = remote.createContainer(uniqueName());
        Post post = remote.post(id, "draft", List.of(blob("a.bin", 700, 9), blob("b.bin", 300, 10)));
        Post edited = remote.editText(id, post.id(), "final");

        assertThat(edited.id()).isEqualTo(post.id());
        assertThat(edited.text()).isEqualTo("final");
        assertThat(edited.blobs()).isEqualTo(post.blobs());
        assertThat(remote.getPost(id, post.id())).contains(edited);
        assertThat(read(edited.blobs().get(1).ref())).isEqualTo(bytes(300, 10));
    }

    @Test
    public void editingInASealedContainerKeepsItSealed() throws Exception {
        String name = uniqueName();
        String id = remote.createContainer(name);
        Post post = remote.post(id, "card v1", List.of(blob("sealed.bin", 200, 12)));
        remote.sealContainer(id);

        Post edited = remote.editText(id, post.id(), "card v2");

        assertThat(edited.text()).isEqualTo("card v2");
        assertThat(edited.blobs()).isEqualTo(post.blobs());
        assertThat(remote.listContainers()).contains(new ContainerInfo(id, name, true));
    }

    @Test
    public void editingToTooLongTextIsTooLargeAndKeepsTheOldText() throws Exception {
        String id = remote.createContainer(uniqueName());
        Post post = remote.post(id, "original", List.of());
        String tooLong = "e".repeat(remote.limits().maxTextChars() + 1);
        assertThatThrownBy(() -> remote.editText(id, post.id(), tooLong)).isInstanceOf(RemoteException.TooLarge.class);
        assertThat(remote.getPost(id, post.id())).map(Post::text).contains("original");
    }

    @Test
    public void editingMissingPostIsNotFound() throws Exception {
        String id = remote.createContainer(uniqueName());
        Post post = remote.post(id, "soon gone", List.of());
        remote.deletePost(id, post.id());
        assertThatThrownBy(() -> remote.editText(id, post.id(), "edit")).isInstanceOf(RemoteException.NotFound.class);
    }

    // ---- byte ranges -----------------------------------------------------------------------

    @Test
    public void aRangeOfABlobReadsExactlyThoseBytes() throws Exception {
        String id = remote.createContainer(uniqueName());
        byte[] data = bytes(200_000, 31);
        BlobRef ref = remote.post(id, "", List.of(new BlobUpload("pack.bin", data))).blobs().getFirst().ref();
        for (long[] range : new long[][] {{0, 1}, {0, 200_000}, {70_000, 1234}, {199_990, 10}, {5, 0}, {200_000, 0}}) {
            try (InputStream in = remote.openBlob(ref, range[0], range[1])) {
                assertThat(in.readAllBytes()).as("range %d+%d", range[0], range[1])
                        .isEqualTo(java.util.Arrays.copyOfRange(data, (int) range[0], (int) (range[0] + range[1])));
            }
        }
        assertThatThrownBy(() -> {
            try (InputStream in = remote.openBlob(ref, 199_000, 2000)) {
                in.readAllBytes();
            }
        }).as("a range past the end").isInstanceOf(IOException.class);
        Post gone = remote.post(id, "", List.of(blob("gone.bin", 100, 32)));
        remote.deletePost(id, gone.id());
        assertThatThrownBy(() -> remote.openBlob(gone.blobs().getFirst().ref(), 10, 10))
                .isInstanceOf(RemoteException.NotFound.class);
    }

    // ---- pins ----------------------------------------------------------------------------

    @Test
    public void pinnedPostsAreListedMostRecentlyPinnedFirstWithTheirBlobs() throws Exception {
        String id = remote.createContainer(uniqueName());
        Post a = remote.post(id, "a", List.of(blob("a.bin", 300, 21)));
        remote.post(id, "b", List.of());
        Post c = remote.post(id, "c", List.of(blob("c.bin", 200, 22)));
        assertThat(remote.pinnedPosts(id)).isEmpty();

        remote.pin(id, a.id());
        remote.pin(id, c.id());

        List<Post> pinned = remote.pinnedPosts(id);
        assertThat(pinned).extracting(Post::id).containsExactly(c.id(), a.id());
        assertThat(pinned.getLast().blobs()).isEqualTo(a.blobs());
        assertThat(pinned).allSatisfy(p -> assertThat(p.ours()).isTrue());
        assertThat(read(pinned.getLast().blobs().getFirst().ref())).isEqualTo(bytes(300, 21));

        remote.unpin(id, a.id());
        assertThat(remote.pinnedPosts(id)).extracting(Post::id).containsExactly(c.id());
    }

    @Test
    public void pinningTwiceAndUnpinningAnUnpinnedPostChangeNothing() throws Exception {
        String id = remote.createContainer(uniqueName());
        Post post = remote.post(id, "pin me", List.of());
        Post other = remote.post(id, "never pinned", List.of());
        remote.pin(id, post.id());
        remote.pin(id, post.id());
        remote.unpin(id, other.id());
        assertThat(remote.pinnedPosts(id)).extracting(Post::id).containsExactly(post.id());
    }

    @Test
    public void editingKeepsAPostPinnedAndDeletingItUnpinsIt() throws Exception {
        String id = remote.createContainer(uniqueName());
        Post post = remote.post(id, "v1", List.of(blob("k.json", 100, 23)));
        remote.pin(id, post.id());
        remote.editText(id, post.id(), "v2");
        assertThat(remote.pinnedPosts(id)).singleElement().extracting(Post::text).isEqualTo("v2");

        remote.deletePost(id, post.id());
        assertThat(remote.pinnedPosts(id)).isEmpty();
        remote.unpin(id, post.id());
    }

    @Test
    public void theAreasTakePinsLikeContainers() throws Exception {
        for (Area area : Area.values()) {
            String id = remote.areaId(area);
            Post post = remote.post(id, "pinned in " + area, List.of(blob("key.json", 50, 24)));
            remote.pin(id, post.id());
            assertThat(remote.pinnedPosts(id)).extracting(Post::id).contains(post.id());
            remote.unpin(id, post.id());
            assertThat(remote.pinnedPosts(id)).extracting(Post::id).doesNotContain(post.id());
            remote.deletePost(id, post.id());
        }
    }

    @Test
    public void pinningAMissingPostIsNotFoundAndPinsOfAMissingContainerToo() throws Exception {
        String id = remote.createContainer(uniqueName());
        Post post = remote.post(id, "soon gone", List.of());
        remote.deletePost(id, post.id());
        assertThatThrownBy(() -> remote.pin(id, post.id())).isInstanceOf(RemoteException.NotFound.class);
        String gone = deletedContainer();
        assertThatThrownBy(() -> remote.pinnedPosts(gone)).isInstanceOf(RemoteException.NotFound.class);
    }

    // ---- concurrency and lifecycle -------------------------------------------------------

    @Test
    public void manyVirtualThreadsPostingAtOnceAllLand() throws Exception {
        List<String> containers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            containers.add(remote.createContainer(uniqueName()));
        }
        int posts = 48;
        List<Future<Post>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < posts; i++) {
                int n = i;
                futures.add(threads.submit(() -> remote.post(containers.get(n % 4), "concurrent " + n,
                        List.of(blob("c-" + n + ".bin", 1000 + n, 100 + n)))));
            }
        }
        Set<String> ids = new HashSet<>();
        for (Future<Post> future : futures) {
            ids.add(future.get().id());
        }
        assertThat(ids).hasSize(posts);

        for (int c = 0; c < 4; c++) {
            List<Post> listed = remote.listPosts(containers.get(c), null, 100);
            assertThat(listed).hasSize(posts / 4);
            for (Post post : listed) {
                int n = Integer.parseInt(post.text().substring("concurrent ".length()));
                assertThat(n % 4).isEqualTo(c);
                assertThat(read(post.blobs().getFirst().ref())).isEqualTo(bytes(1000 + n, 100 + n));
            }
        }
    }

    @Test
    public void closingTwiceIsFineAndLaterCallsFail() {
        remote.close();
        remote.close();
        assertThatThrownBy(() -> remote.listContainers()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> remote.areaId(Area.INDEX)).isInstanceOf(IllegalStateException.class);
    }

    // ---- helpers -------------------------------------------------------------------------

    protected final String uniqueName() {
        return "conformance-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet();
    }

    private String deletedContainer() throws RemoteException {
        String id = remote.createContainer(uniqueName());
        remote.deleteContainer(id);
        return id;
    }

    protected final byte[] read(BlobRef ref) throws IOException {
        try (InputStream in = remote.openBlob(ref)) {
            return in.readAllBytes();
        }
    }

    /** As few blobs as the limits allow, together exactly {@code total} bytes. */
    private List<BlobUpload> blobsTotalling(long total, long seed) throws RemoteException {
        long max = remote.limits().maxBlobBytes();
        List<BlobUpload> uploads = new ArrayList<>();
        for (long left = total; left > 0; left -= Math.min(max, left)) {
            uploads.add(blob("part-" + uploads.size() + ".bin", Math.toIntExact(Math.min(max, left)), seed + uploads.size()));
        }
        return uploads;
    }

    protected static BlobUpload blob(String name, int size, long seed) {
        return new BlobUpload(name, bytes(size, seed));
    }

    protected static byte[] bytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
