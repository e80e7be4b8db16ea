package dev.dos.s3.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ObjectStore} must do, as rclone's fstests are for its backends: a store's
 * test extends this class and says how to open it. The meanings are those written on the
 * interface; each test names one.
 */
public abstract class ObjectStoreConformance {
    protected static final long MIB = 1024 * 1024;
    protected ObjectStore store;

    /** A fresh, empty store. */
    protected abstract ObjectStore open() throws Exception;

    @BeforeEach
    public final void openStore() throws Exception {
        store = open();
    }

    @AfterEach
    public final void closeStore() throws Exception {
        if (store != null) {
            store.close();
        }
    }

    // ---- buckets ----

    @Test
    public void bucketsAreCreatedListedByNameAndDeletedWhenEmpty() throws Exception {
        store.createBucket("zeta");
        store.createBucket("alpha");
        assertThat(store.buckets()).extracting(Bucket::name).containsExactly("alpha", "zeta");
        assertThat(store.bucket("alpha")).isPresent();
        store.deleteBucket("alpha");
        assertThat(store.buckets()).extracting(Bucket::name).containsExactly("zeta");
        assertThat(store.bucket("alpha")).isEmpty();
    }

    @Test
    public void creatingABucketTwiceIsAlreadyOwnedByYou() throws Exception {
        store.createBucket("twice");
        assertError(() -> store.createBucket("twice"), S3Error.BUCKET_ALREADY_OWNED_BY_YOU);
    }

    @Test
    public void bucketNamesFollowS3sRules() {
        for (String bad : new String[] {"ab", "UPPER", "-dash", "dash-", "a..b", "192.168.0.1", "under_score",
                "x".repeat(64)}) {
            assertError(() -> store.createBucket(bad), S3Error.INVALID_BUCKET_NAME);
        }
    }

    @Test
    public void aBucketWithObjectsOrUploadsIsNotEmpty() throws Exception {
        store.createBucket("full");
        put("full", "k", bytes(10, 1));
        assertError(() -> store.deleteBucket("full"), S3Error.BUCKET_NOT_EMPTY);
        store.delete("full", "k");
        Upload upload = store.createUpload("full", "big", ObjectMeta.NONE);
        assertError(() -> store.deleteBucket("full"), S3Error.BUCKET_NOT_EMPTY);
        store.abortUpload(upload.id());
        store.deleteBucket("full");
        assertError(() -> store.deleteBucket("full"), S3Error.NO_SUCH_BUCKET);
    }

    @Test
    public void everythingInAMissingBucketIsNoSuchBucket() {
        assertError(() -> store.head("nope", "k"), S3Error.NO_SUCH_BUCKET);
        assertError(() -> put("nope", "k", bytes(1, 1)), S3Error.NO_SUCH_BUCKET);
        assertError(() -> store.list("nope", "", null, 10), S3Error.NO_SUCH_BUCKET);
        assertError(() -> store.createUpload("nope", "k", ObjectMeta.NONE), S3Error.NO_SUCH_BUCKET);
    }

    // ---- objects ----

    @Test
    public void anObjectReadsBackExactlyWithItsMd5AsEtagAndItsMetadata() throws Exception {
        store.createBucket("bkt");
        byte[] data = bytes(300_000, 2);
        ObjectMeta meta = new ObjectMeta("text/plain", Map.of("cache-control", "no-cache"), Map.of("mtime", "1700000000"));
        ObjectInfo put = store.put("bkt", "dir/file.txt", new ByteArrayInputStream(data), data.length, meta);

        ObjectInfo head = store.head("bkt", "dir/file.txt").orElseThrow();
        assertThat(head.size()).isEqualTo(data.length);
        assertThat(head.etag()).isEqualTo(md5(data)).isEqualTo(put.etag());
        assertThat(head.meta()).isEqualTo(meta);
        assertThat(read(head, 0, data.length)).isEqualTo(data);
    }

    @Test
    public void aBodyOfUnknownLengthIsReadToItsEnd() throws Exception {
        store.createBucket("bkt");
        byte[] data = bytes(70_000, 3);
        ObjectInfo info = store.put("bkt", "k", new ByteArrayInputStream(data), -1, ObjectMeta.NONE);
        assertThat(info.size()).isEqualTo(data.length);
        assertThat(read(store.head("bkt", "k").orElseThrow(), 0, data.length)).isEqualTo(data);
    }

    @Test
    public void anEmptyObjectIsFine() throws Exception {
        store.createBucket("bkt");
        ObjectInfo info = store.put("bkt", "empty", new ByteArrayInputStream(new byte[0]), 0, ObjectMeta.NONE);
        assertThat(info.size()).isZero();
        assertThat(info.etag()).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
        assertThat(read(info, 0, 0)).isEmpty();
    }

    @Test
    public void rangesReadTheirBytesOnly() throws Exception {
        store.createBucket("bkt");
        byte[] data = bytes(2_500_000, 4);
        ObjectInfo info = put("bkt", "k", data);
        for (long[] range : new long[][] {{0, 1}, {1_000_000, 1234}, {data.length - 7, 7}, {0, data.length}}) {
            byte[] expected = java.util.Arrays.copyOfRange(data, (int) range[0], (int) (range[0] + range[1]));
            assertThat(read(info, range[0], range[1])).as("range %d+%d", range[0], range[1]).isEqualTo(expected);
        }
    }

    @Test
    public void aPutReplacesTheKeyAndAReaderOfTheOldOneNeverGetsAMix() throws Exception {
        store.createBucket("bkt");
        ObjectInfo first = put("bkt", "k", bytes(50_000, 5));
        ObjectInfo second = put("bkt", "k", bytes(60_000, 6));
        assertThat(second.version()).isNotEqualTo(first.version());
        assertThat(store.head("bkt", "k").orElseThrow().etag()).isEqualTo(second.etag());
        try {
            assertThat(read(first, 0, 50_000)).isEqualTo(bytes(50_000, 5));
        } catch (S3Exception gone) {
            assertThat(gone.error()).isEqualTo(S3Error.NO_SUCH_KEY);
        }
    }

    @Test
    public void aBodyThatFailsStoresNothing() throws Exception {
        store.createBucket("bkt");
        ObjectInfo before = put("bkt", "k", bytes(1000, 7));
        InputStream failing = new FilterInputStream(new ByteArrayInputStream(bytes(400_000, 8))) {
            private long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read > 200_000) {
                    throw new IOException("the client went away");
                }
                int n = super.read(b, off, len);
                read += Math.max(n, 0);
                return n;
            }
        };
        assertThatThrownBy(() -> store.put("bkt", "k", failing, 400_000, ObjectMeta.NONE)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> store.put("bkt", "new", new ByteArrayInputStream(bytes(10, 9)), 20, ObjectMeta.NONE))
                .as("a body shorter than its length").isInstanceOf(IOException.class);

        assertThat(store.head("bkt", "k").orElseThrow().etag()).isEqualTo(before.etag());
        assertThat(store.head("bkt", "new")).isEmpty();
    }

    @Test
    public void deletingAKeySaysWhetherItExisted() throws Exception {
        store.createBucket("bkt");
        ObjectInfo info = put("bkt", "k", bytes(10, 10));
        assertThat(store.delete("bkt", "k")).isTrue();
        assertThat(store.delete("bkt", "k")).isFalse();
        assertThat(store.head("bkt", "k")).isEmpty();
        assertError(() -> read(info, 0, 10), S3Error.NO_SUCH_KEY);
    }

    @Test
    public void copyKeepsOrReplacesTheMetadataAndSharesTheBytes() throws Exception {
        store.createBucket("bkt");
        store.createBucket("cat");
        byte[] data = bytes(120_000, 11);
        ObjectMeta meta = new ObjectMeta("image/png", Map.of(), Map.of("mtime", "1"));
        ObjectInfo source = store.put("bkt", "src", new ByteArrayInputStream(data), data.length, meta);

        ObjectInfo kept = store.copy("bkt", "src", "cat", "dst", null);
        ObjectMeta newMeta = new ObjectMeta("image/png", Map.of(), Map.of("mtime", "2"));
        ObjectInfo touched = store.copy("bkt", "src", "bkt", "src", newMeta);

        assertThat(kept.meta()).isEqualTo(meta);
        assertThat(kept.etag()).isEqualTo(source.etag());
        assertThat(read(store.head("cat", "dst").orElseThrow(), 0, data.length)).isEqualTo(data);
        assertThat(touched.meta().user()).containsEntry("mtime", "2");
        assertThat(touched.lastModified()).isAfterOrEqualTo(source.lastModified());
        assertThat(read(store.head("bkt", "src").orElseThrow(), 0, data.length)).isEqualTo(data);
        assertError(() -> store.copy("bkt", "missing", "bkt", "x", null), S3Error.NO_SUCH_KEY);
    }

    @Test
    public void keysListInTheOrderOfTheirUtf8BytesWithPrefixAndStartAfter() throws Exception {
        store.createBucket("bkt");
        List<String> keys = List.of("a b", "a+b", "a/b", "a/c/d", "Z", "z", "é", "~", "a%20");
        for (String key : keys) {
            put("bkt", key, bytes(1, 12));
        }
        List<String> sorted = new ArrayList<>(keys);
        sorted.sort(Names.KEY_ORDER);

        assertThat(store.list("bkt", "", null, 100)).extracting(ObjectInfo::key).containsExactlyElementsOf(sorted);
        assertThat(store.list("bkt", "a/", null, 100)).extracting(ObjectInfo::key).containsExactly("a/b", "a/c/d");
        assertThat(store.list("bkt", "", "a/b", 2)).extracting(ObjectInfo::key)
                .containsExactlyElementsOf(sorted.subList(sorted.indexOf("a/b") + 1, sorted.indexOf("a/b") + 3));
        assertThat(store.list("bkt", "nothing", null, 10)).isEmpty();
    }

    @Test
    public void keysLongerThan1024BytesAreRefused() throws Exception {
        store.createBucket("bkt");
        assertError(() -> put("bkt", "é".repeat(513), bytes(1, 1)), S3Error.KEY_TOO_LONG);
    }

    @Test
    public void concurrentPutsToDifferentKeysAllLand() throws Exception {
        store.createBucket("bkt");
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ObjectInfo>> puts = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int n = i;
                puts.add(pool.submit(() -> put("bkt", "k" + n, bytes(5000 + n, 100 + n))));
            }
            for (Future<ObjectInfo> f : puts) {
                f.get();
            }
        }
        assertThat(store.list("bkt", "", null, 100)).hasSize(12);
        for (int i = 0; i < 12; i++) {
            assertThat(read(store.head("bkt", "k" + i).orElseThrow(), 0, 5000 + i)).isEqualTo(bytes(5000 + i, 100 + i));
        }
    }

    // ---- multipart ----

    @Test
    public void partsUploadedInAnyOrderJoinInNumberOrder() throws Exception {
        store.createBucket("bkt");
        ObjectMeta meta = new ObjectMeta("application/x-tar", Map.of(), Map.of());
        Upload upload = store.createUpload("bkt", "big", meta);
        byte[] one = bytes((int) (5 * MIB), 20);
        byte[] two = bytes(300_000, 21);
        Part p2 = store.uploadPart(upload.id(), 2, new ByteArrayInputStream(two), two.length);
        Part p1 = store.uploadPart(upload.id(), 1, new ByteArrayInputStream(one), one.length);
        assertThat(store.head("bkt", "big")).as("not visible before completion").isEmpty();
        assertThat(store.parts(upload.id())).extracting(Part::number).containsExactly(1, 2);
        assertThat(store.uploads("bkt", "")).extracting(Upload::id).containsExactly(upload.id());

        ObjectInfo done = store.completeUpload(upload.id(), List.of(new CompletedPart(1, "\"" + p1.etag() + "\""),
                new CompletedPart(2, p2.etag())));

        assertThat(done.size()).isEqualTo(one.length + two.length);
        assertThat(done.etag()).isEqualTo(Etags.multipart(List.of(md5(one), md5(two)))).endsWith("-2");
        assertThat(done.meta()).isEqualTo(meta);
        byte[] whole = read(store.head("bkt", "big").orElseThrow(), 0, done.size());
        assertThat(java.util.Arrays.copyOfRange(whole, 0, one.length)).isEqualTo(one);
        assertThat(java.util.Arrays.copyOfRange(whole, one.length, whole.length)).isEqualTo(two);
        assertThat(read(done, one.length - 10, 20)).isEqualTo(java.util.Arrays.copyOfRange(whole, one.length - 10,
                one.length + 10));
        assertThat(store.uploads("bkt", "")).isEmpty();
        assertError(() -> store.parts(upload.id()), S3Error.NO_SUCH_UPLOAD);
    }

    @Test
    public void aPartUploadedAgainReplacesTheFirst() throws Exception {
        store.createBucket("bkt");
        Upload upload = store.createUpload("bkt", "k", ObjectMeta.NONE);
        store.uploadPart(upload.id(), 1, new ByteArrayInputStream(bytes(1000, 30)), 1000);
        Part again = store.uploadPart(upload.id(), 1, new ByteArrayInputStream(bytes(2000, 31)), 2000);
        ObjectInfo done = store.completeUpload(upload.id(), List.of(new CompletedPart(1, again.etag())));
        assertThat(read(done, 0, 2000)).isEqualTo(bytes(2000, 31));
    }

    @Test
    public void completionChecksPartsOrderAndSizes() throws Exception {
        store.createBucket("bkt");
        Upload upload = store.createUpload("bkt", "k", ObjectMeta.NONE);
        Part p1 = store.uploadPart(upload.id(), 1, new ByteArrayInputStream(bytes(1000, 40)), 1000);
        Part p2 = store.uploadPart(upload.id(), 2, new ByteArrayInputStream(bytes(1000, 41)), 1000);

        assertError(() -> store.completeUpload(upload.id(), List.of(new CompletedPart(2, p2.etag()),
                new CompletedPart(1, p1.etag()))), S3Error.INVALID_PART_ORDER);
        assertError(() -> store.completeUpload(upload.id(), List.of(new CompletedPart(1, md5(new byte[1])))),
                S3Error.INVALID_PART);
        assertError(() -> store.completeUpload(upload.id(), List.of(new CompletedPart(3, p2.etag()))),
                S3Error.INVALID_PART);
        assertError(() -> store.completeUpload(upload.id(), List.of(new CompletedPart(1, p1.etag()),
                new CompletedPart(2, p2.etag()))), S3Error.ENTITY_TOO_SMALL);
        assertThat(store.head("bkt", "k")).isEmpty();
        assertThat(store.completeUpload(upload.id(), List.of(new CompletedPart(2, p2.etag()))).size()).isEqualTo(1000);
    }

    @Test
    public void anAbortedUploadIsGone() throws Exception {
        store.createBucket("bkt");
        Upload upload = store.createUpload("bkt", "k", ObjectMeta.NONE);
        store.uploadPart(upload.id(), 1, new ByteArrayInputStream(bytes(100, 50)), 100);
        store.abortUpload(upload.id());
        assertError(() -> store.uploadPart(upload.id(), 2, new ByteArrayInputStream(bytes(1, 1)), 1),
                S3Error.NO_SUCH_UPLOAD);
        assertError(() -> store.abortUpload(upload.id()), S3Error.NO_SUCH_UPLOAD);
        assertThat(store.uploads("bkt", "")).isEmpty();
        assertThat(store.head("bkt", "k")).isEmpty();
    }

    @Test
    public void uploadsListByKeyUnderAPrefix() throws Exception {
        store.createBucket("bkt");
        store.createUpload("bkt", "x/2", ObjectMeta.NONE);
        store.createUpload("bkt", "x/1", ObjectMeta.NONE);
        store.createUpload("bkt", "y", ObjectMeta.NONE);
        assertThat(store.uploads("bkt", "x/")).extracting(Upload::key).containsExactly("x/1", "x/2");
    }

    // ---- helpers ----

    protected ObjectInfo put(String bucket, String key, byte[] data) throws IOException {
        return store.put(bucket, key, new ByteArrayInputStream(data), data.length, ObjectMeta.NONE);
    }

    protected byte[] read(ObjectInfo object, long offset, long length) throws IOException {
        try (InputStream in = store.open(object, offset, length)) {
            return in.readAllBytes();
        }
    }

    protected static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    protected static String md5(byte[] data) {
        return HexFormat.of().formatHex(Etags.md5().digest(data));
    }

    protected interface Call {
        void run() throws Exception;
    }

    protected static void assertError(Call call, S3Error expected) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(S3Exception.class,
                e -> assertThat(e.error()).isEqualTo(expected));
    }

    protected static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
