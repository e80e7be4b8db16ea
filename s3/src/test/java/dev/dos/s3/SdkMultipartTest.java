package dev.dos.s3;

import static dev.dos.s3.AuthTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dos.s3.store.Etags;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.Part;

/** Multipart uploads through the AWS SDK: parts out of order and concurrently, listing, aborting, copying. */
class SdkMultipartTest extends GatewayTest {
    static final int PART = 5 * 1024 * 1024;

    @BeforeEach
    void bucket() {
        s3.createBucket(b -> b.bucket("mpu"));
    }

    @Test
    void partsUploadedOutOfOrderAndConcurrentlyJoinInNumberOrderWithAnS3Etag() throws Exception {
        String id = s3.createMultipartUpload(b -> b.bucket("mpu").key("big.bin").contentType("application/x-tar")
                .metadata(Map.of("mtime", "7"))).uploadId();
        List<byte[]> parts = List.of(SdkObjectsTest.bytes(PART, 1), SdkObjectsTest.bytes(PART, 2),
                SdkObjectsTest.bytes(PART, 3), SdkObjectsTest.bytes(123_456, 4));
        List<CompletedPart> completed = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<CompletedPart>> uploads = new ArrayList<>();
            for (int n : new int[] {3, 1, 4, 2}) {
                uploads.add(pool.submit(() -> CompletedPart.builder().partNumber(n).eTag(s3.uploadPart(b -> b.bucket("mpu")
                        .key("big.bin").uploadId(id).partNumber(n), RequestBody.fromBytes(parts.get(n - 1))).eTag()).build()));
            }
            for (Future<CompletedPart> f : uploads) {
                completed.add(f.get());
            }
        }
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket("mpu").key("big.bin")))
                .as("invisible until completed").isInstanceOf(software.amazon.awssdk.services.s3.model.NoSuchKeyException.class);
        ListPartsResponse listed = s3.listParts(b -> b.bucket("mpu").key("big.bin").uploadId(id));
        assertThat(listed.parts()).extracting(Part::partNumber).containsExactly(1, 2, 3, 4);
        assertThat(listed.parts().get(3).size()).isEqualTo(123_456);

        completed.sort(Comparator.comparing(CompletedPart::partNumber));
        String etag = s3.completeMultipartUpload(b -> b.bucket("mpu").key("big.bin").uploadId(id)
                .multipartUpload(m -> m.parts(completed))).eTag();

        List<String> md5s = parts.stream().map(SdkObjectsTest::md5).toList();
        assertThat(etag).isEqualTo("\"" + Etags.multipart(md5s) + "\"").endsWith("-4\"");
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        parts.forEach(whole::writeBytes);
        var got = s3.getObjectAsBytes(b -> b.bucket("mpu").key("big.bin"));
        assertThat(got.asByteArray()).isEqualTo(whole.toByteArray());
        assertThat(got.response().eTag()).isEqualTo(etag);
        assertThat(got.response().contentType()).isEqualTo("application/x-tar");
        assertThat(got.response().metadata()).containsEntry("mtime", "7");
        // aws-cli's ranged download of a multipart object: each range carries If-Match with the -N ETag.
        assertThat(s3.getObjectAsBytes(b -> b.bucket("mpu").key("big.bin").range("bytes=" + (PART - 3) + "-" + (PART + 2))
                .ifMatch(etag)).asByteArray()).isEqualTo(java.util.Arrays.copyOfRange(whole.toByteArray(), PART - 3, PART + 3));
        assertThat(s3.listMultipartUploads(b -> b.bucket("mpu")).uploads()).isEmpty();
    }

    @Test
    void completionRefusesUnknownPartsWrongEtagsDisorderAndSmallParts() {
        String id = s3.createMultipartUpload(b -> b.bucket("mpu").key("k")).uploadId();
        String small1 = s3.uploadPart(b -> b.bucket("mpu").key("k").uploadId(id).partNumber(1),
                RequestBody.fromString("tiny")).eTag();
        String small2 = s3.uploadPart(b -> b.bucket("mpu").key("k").uploadId(id).partNumber(2),
                RequestBody.fromString("tiny too")).eTag();
        assertError(() -> complete(id, part(3, small2)), 400, "InvalidPart");
        assertError(() -> complete(id, part(1, "\"0123456789abcdef0123456789abcdef\"")), 400, "InvalidPart");
        assertError(() -> complete(id, part(2, small2), part(1, small1)), 400, "InvalidPartOrder");
        assertError(() -> complete(id, part(1, small1), part(2, small2)), 400, "EntityTooSmall");
        assertError(() -> s3.uploadPart(b -> b.bucket("mpu").key("k").uploadId(id).partNumber(10_001),
                RequestBody.fromString("x")), 400, "InvalidArgument");
        complete(id, part(2, small2));
        assertThat(s3.getObjectAsBytes(b -> b.bucket("mpu").key("k")).asUtf8String()).isEqualTo("tiny too");
    }

    @Test
    void anUploadIdBelongsToItsKeyAndAbortedUploadsAreGone() {
        String id = s3.createMultipartUpload(b -> b.bucket("mpu").key("mine")).uploadId();
        assertThatThrownBy(() -> s3.uploadPart(b -> b.bucket("mpu").key("other").uploadId(id).partNumber(1),
                RequestBody.fromString("x"))).isInstanceOf(NoSuchUploadException.class);
        s3.abortMultipartUpload(b -> b.bucket("mpu").key("mine").uploadId(id));
        assertThatThrownBy(() -> s3.listParts(b -> b.bucket("mpu").key("mine").uploadId(id)))
                .isInstanceOf(NoSuchUploadException.class);
        assertThatThrownBy(() -> s3.abortMultipartUpload(b -> b.bucket("mpu").key("mine").uploadId(id)))
                .isInstanceOf(NoSuchUploadException.class);
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket("mpu").key("mine")))
                .isInstanceOf(software.amazon.awssdk.services.s3.model.NoSuchKeyException.class);
    }

    @Test
    void uploadsListByKeyUnderAPrefixAndPageWithMarkers() {
        List<String> ids = new ArrayList<>();
        for (String key : List.of("x/2", "x/1", "y", "x/1")) {
            ids.add(s3.createMultipartUpload(b -> b.bucket("mpu").key(key)).uploadId());
        }
        ListMultipartUploadsResponse all = s3.listMultipartUploads(b -> b.bucket("mpu").prefix("x/"));
        assertThat(all.uploads()).extracting(MultipartUpload::key).containsExactly("x/1", "x/1", "x/2");
        ListMultipartUploadsResponse first = s3.listMultipartUploads(b -> b.bucket("mpu").maxUploads(2));
        assertThat(first.isTruncated()).isTrue();
        ListMultipartUploadsResponse rest = s3.listMultipartUploads(b -> b.bucket("mpu").maxUploads(10)
                .keyMarker(first.nextKeyMarker()).uploadIdMarker(first.nextUploadIdMarker()));
        List<String> seen = new ArrayList<>(first.uploads().stream().map(MultipartUpload::uploadId).toList());
        seen.addAll(rest.uploads().stream().map(MultipartUpload::uploadId).toList());
        assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(s3.listMultipartUploads(b -> b.bucket("mpu").delimiter("/")).commonPrefixes())
                .extracting(p -> p.prefix()).containsExactly("x/");
        // rclone's cleanup: list, then abort each.
        all.uploads().forEach(u -> s3.abortMultipartUpload(b -> b.bucket("mpu").key(u.key()).uploadId(u.uploadId())));
        assertThat(s3.listMultipartUploads(b -> b.bucket("mpu")).uploads()).extracting(MultipartUpload::key)
                .containsExactly("y");
    }

    @Test
    void listPartsPagesWithPartNumberMarkers() {
        String id = s3.createMultipartUpload(b -> b.bucket("mpu").key("paged")).uploadId();
        for (int n = 1; n <= 5; n++) {
            int part = n;
            s3.uploadPart(b -> b.bucket("mpu").key("paged").uploadId(id).partNumber(part), RequestBody.fromString("p" + part));
        }
        ListPartsResponse first = s3.listParts(b -> b.bucket("mpu").key("paged").uploadId(id).maxParts(2));
        assertThat(first.parts()).extracting(Part::partNumber).containsExactly(1, 2);
        assertThat(first.isTruncated()).isTrue();
        ListPartsResponse next = s3.listParts(b -> b.bucket("mpu").key("paged").uploadId(id)
                .partNumberMarker(first.nextPartNumberMarker()));
        assertThat(next.parts()).extracting(Part::partNumber).containsExactly(3, 4, 5);
        assertThat(next.isTruncated()).isFalse();
    }

    @Test
    void uploadPartCopyCopiesARangeOfAnObject() {
        byte[] source = SdkObjectsTest.bytes(PART + 1000, 9);
        s3.putObject(b -> b.bucket("mpu").key("source"), RequestBody.fromBytes(source));
        String id = s3.createMultipartUpload(b -> b.bucket("mpu").key("assembled")).uploadId();
        String e1 = s3.uploadPartCopy(b -> b.sourceBucket("mpu").sourceKey("source").destinationBucket("mpu")
                .destinationKey("assembled").uploadId(id).partNumber(1).copySourceRange("bytes=0-" + (PART - 1)))
                .copyPartResult().eTag();
        String e2 = s3.uploadPartCopy(b -> b.sourceBucket("mpu").sourceKey("source").destinationBucket("mpu")
                .destinationKey("assembled").uploadId(id).partNumber(2).copySourceRange("bytes=" + PART + "-"
                        + (PART + 999))).copyPartResult().eTag();
        complete("assembled", id, part(1, e1), part(2, e2));
        assertThat(s3.getObjectAsBytes(b -> b.bucket("mpu").key("assembled")).asByteArray()).isEqualTo(source);
    }

    private void complete(String id, CompletedPart... parts) {
        complete("k", id, parts);
    }

    private void complete(String key, String id, CompletedPart... parts) {
        s3.completeMultipartUpload(b -> b.bucket("mpu").key(key).uploadId(id).multipartUpload(m -> m.parts(parts)));
    }

    private static CompletedPart part(int n, String etag) {
        return CompletedPart.builder().partNumber(n).eTag(etag).build();
    }
}
