package dev.dos.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dos.s3.store.Etags;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** PutObject, GetObject, HeadObject, DeleteObject and CopyObject through the AWS SDK, checksums on. */
class SdkObjectsTest extends GatewayTest {

    @BeforeEach
    void bucket() {
        s3.createBucket(b -> b.bucket("objects"));
    }

    @Test
    void anObjectReadsBackWithItsMd5EtagMetadataAndContentHeaders() {
        byte[] data = bytes(300_000, 1);
        PutObjectResponse put = s3.putObject(b -> b.bucket("objects").key("dir/file.txt")
                .contentType("text/plain; charset=utf-8").cacheControl("no-cache").contentDisposition("inline")
                .contentLanguage("fr").contentEncoding("identity").expires(Instant.parse("2030-01-01T00:00:00Z"))
                .metadata(Map.of("mtime", "1700000000.5", "Owner-Name", "zoe")), RequestBody.fromBytes(data));

        assertThat(put.eTag()).isEqualTo("\"" + md5(data) + "\"");
        assertThat(put.checksumCRC32()).as("the verified CRC32 is echoed").isNotNull();
        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket("objects").key("dir/file.txt"));
        assertThat(got.asByteArray()).isEqualTo(data);
        GetObjectResponse r = got.response();
        assertThat(r.eTag()).isEqualTo(put.eTag());
        assertThat(r.contentLength()).isEqualTo(data.length);
        assertThat(r.contentType()).isEqualTo("text/plain; charset=utf-8");
        assertThat(r.cacheControl()).isEqualTo("no-cache");
        assertThat(r.contentDisposition()).isEqualTo("inline");
        assertThat(r.contentLanguage()).isEqualTo("fr");
        assertThat(r.contentEncoding()).isEqualTo("identity");
        assertThat(r.expiresString()).isEqualTo("Tue, 01 Jan 2030 00:00:00 GMT");
        assertThat(r.metadata()).containsEntry("mtime", "1700000000.5").containsKey("owner-name");
        assertThat(r.acceptRanges()).isEqualTo("bytes");
        assertThat(r.lastModified()).isCloseTo(Instant.now(), within(Duration.ofMinutes(1)));
    }

    @Test
    void theDefaultContentTypeIsS3sAndAwsChunkedIsNeverStoredAsContentEncoding() {
        // Over http the SDK sends an aws-chunked body (Content-Encoding: aws-chunked) with a CRC32 trailer.
        s3.putObject(b -> b.bucket("objects").key("plain"), RequestBody.fromBytes(bytes(10, 2)));
        HeadObjectResponse head = s3.headObject(b -> b.bucket("objects").key("plain"));
        assertThat(head.contentEncoding()).isNull();
        assertThat(head.contentType()).isIn("binary/octet-stream", "application/octet-stream");

        s3.putObject(b -> b.bucket("objects").key("gz").contentEncoding("gzip"), RequestBody.fromBytes(bytes(10, 2)));
        assertThat(s3.headObject(b -> b.bucket("objects").key("gz")).contentEncoding()).isEqualTo("gzip");
        try (var plain = clientWithChunkedEncodingOff()) {
            plain.putObject(b -> b.bucket("objects").key("br").contentEncoding("gzip, br"), RequestBody.fromBytes(bytes(10, 2)));
        }
        assertThat(s3.headObject(b -> b.bucket("objects").key("br")).contentEncoding()).isEqualTo("gzip, br");
    }

    @Test
    void headAndGetOfAMissingKeyAreNoSuchKeyAndDeleteIsIdempotent() {
        assertThatThrownBy(() -> s3.getObject(b -> b.bucket("objects").key("missing"))).isInstanceOf(NoSuchKeyException.class);
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket("objects").key("missing")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
        s3.deleteObject(b -> b.bucket("objects").key("missing"));
        s3.putObject(b -> b.bucket("objects").key("k"), RequestBody.fromString("x"));
        s3.deleteObject(b -> b.bucket("objects").key("k"));
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket("objects").key("k"))).isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void anEmptyObjectAndADirectoryMarkerAreFine() {
        s3.putObject(b -> b.bucket("objects").key("empty"), RequestBody.empty());
        s3.putObject(b -> b.bucket("objects").key("folder/"), RequestBody.empty());
        assertThat(s3.getObjectAsBytes(b -> b.bucket("objects").key("empty")).asByteArray()).isEmpty();
        HeadObjectResponse marker = s3.headObject(b -> b.bucket("objects").key("folder/"));
        assertThat(marker.contentLength()).isZero();
        assertThat(marker.eTag()).isEqualTo("\"d41d8cd98f00b204e9800998ecf8427e\"");
    }

    @Test
    void rangesAnswer206WithContentRangeAndAnIfMatchOnTheEtag() {
        byte[] data = bytes(100_000, 3);
        String etag = s3.putObject(b -> b.bucket("objects").key("r"), RequestBody.fromBytes(data)).eTag();

        ResponseBytes<GetObjectResponse> mid = s3.getObjectAsBytes(b -> b.bucket("objects").key("r")
                .range("bytes=10-19").ifMatch(etag));
        assertThat(mid.asByteArray()).isEqualTo(Arrays.copyOfRange(data, 10, 20));
        assertThat(mid.response().contentRange()).isEqualTo("bytes 10-19/100000");
        assertThat(mid.response().checksumCRC32()).as("never a whole-object checksum on a 206").isNull();
        assertThat(s3.getObjectAsBytes(b -> b.bucket("objects").key("r").range("bytes=99990-")).asByteArray())
                .isEqualTo(Arrays.copyOfRange(data, 99_990, 100_000));
        assertThat(s3.getObjectAsBytes(b -> b.bucket("objects").key("r").range("bytes=-5")).asByteArray())
                .isEqualTo(Arrays.copyOfRange(data, 99_995, 100_000));
        assertThat(s3.getObjectAsBytes(b -> b.bucket("objects").key("r").range("bytes=99000-200000")).asByteArray())
                .as("a last byte past the end is clamped").isEqualTo(Arrays.copyOfRange(data, 99_000, 100_000));
        ResponseBytes<GetObjectResponse> multi = s3.getObjectAsBytes(b -> b.bucket("objects").key("r")
                .range("bytes=0-1,5-6"));
        assertThat(multi.asByteArray()).as("several ranges: the whole object, as S3").isEqualTo(data);
        assertThat(multi.response().contentRange()).isNull();

        assertThatThrownBy(() -> s3.getObject(b -> b.bucket("objects").key("r").range("bytes=0-9").ifMatch("\"other\"")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
    }

    @Test
    void anUnsatisfiableRangeOrAnyRangeOnAnEmptyObjectIs416WithTheSize() throws Exception {
        s3.putObject(b -> b.bucket("objects").key("ten"), RequestBody.fromBytes(bytes(10, 4)));
        s3.putObject(b -> b.bucket("objects").key("empty"), RequestBody.empty());
        for (String[] c : new String[][] {{"ten", "bytes=10-20", "10"}, {"ten", "bytes=-0", "10"},
                {"empty", "bytes=0-0", "0"}, {"empty", "bytes=-1", "0"}}) {
            assertThatThrownBy(() -> s3.getObject(b -> b.bucket("objects").key(c[0]).range(c[1])))
                    .as(c[0] + " " + c[1])
                    .isInstanceOfSatisfying(S3Exception.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(416);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRange");
                        assertThat(e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Content-Range"))
                                .contains("bytes */" + c[2]);
                    });
        }
    }

    @Test
    void everyObjectIsOnePartForTheSdksMultipartDownloads() {
        byte[] data = bytes(20_000, 6);
        s3.putObject(b -> b.bucket("objects").key("p"), RequestBody.fromBytes(data));
        ResponseBytes<GetObjectResponse> one = s3.getObjectAsBytes(b -> b.bucket("objects").key("p").partNumber(1));
        assertThat(one.asByteArray()).isEqualTo(data);
        assertThat(one.response().partsCount()).isNull();
        assertThat(s3.headObject(b -> b.bucket("objects").key("p").partNumber(1)).contentLength()).isEqualTo(20_000);
        assertThatThrownBy(() -> s3.getObject(b -> b.bucket("objects").key("p").partNumber(2)))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(416);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidPartNumber");
                });
    }

    @Test
    void conditionalGetsFollowS3sPrecedence() {
        String etag = s3.putObject(b -> b.bucket("objects").key("c"), RequestBody.fromString("conditional")).eTag();
        Instant past = Instant.now().minus(Duration.ofDays(1));
        Instant future = Instant.now().plus(Duration.ofDays(1));

        assertThat(status(() -> s3.getObject(b -> b.bucket("objects").key("c").ifNoneMatch(etag)))).isEqualTo(304);
        assertThat(status(() -> s3.headObject(b -> b.bucket("objects").key("c").ifNoneMatch(etag)))).isEqualTo(304);
        Instant now = Instant.now();
        assertThat(status(() -> s3.getObject(b -> b.bucket("objects").key("c").ifModifiedSince(now)))).isEqualTo(304);
        assertThat(status(() -> s3.getObject(b -> b.bucket("objects").key("c").ifModifiedSince(future))))
                .as("a future date is ignored").isEqualTo(200);
        assertThat(status(() -> s3.getObject(b -> b.bucket("objects").key("c").ifUnmodifiedSince(past)))).isEqualTo(412);
        assertThat(status(() -> s3.headObject(b -> b.bucket("objects").key("c").ifMatch("\"nope\"")))).isEqualTo(412);
        // If-Match true overrides a false If-Unmodified-Since; If-None-Match false overrides If-Modified-Since.
        assertThat(status(() -> s3.getObject(b -> b.bucket("objects").key("c").ifMatch(etag).ifUnmodifiedSince(past))))
                .isEqualTo(200);
        assertThat(status(() -> s3.getObject(b -> b.bucket("objects").key("c").ifNoneMatch("\"other\"")
                .ifModifiedSince(now)))).isEqualTo(200);
        assertThat(status(() -> s3.getObject(b -> b.bucket("objects").key("c").ifModifiedSince(past)))).isEqualTo(200);
        assertThat(status(() -> s3.getObject(b -> b.bucket("objects").key("c").ifMatch("*")))).isEqualTo(200);
    }

    @Test
    void copyKeepsOrReplacesMetadataAndCopiesOntoItselfOnlyWithReplace() {
        s3.createBucket(b -> b.bucket("other"));
        byte[] data = bytes(50_000, 5);
        String etag = s3.putObject(b -> b.bucket("objects").key("src key+1").contentType("image/png")
                .metadata(Map.of("mtime", "1")), RequestBody.fromBytes(data)).eTag();

        CopyObjectResponse kept = s3.copyObject(b -> b.sourceBucket("objects").sourceKey("src key+1")
                .destinationBucket("other").destinationKey("dst/é"));
        assertThat(kept.copyObjectResult().eTag()).isEqualTo(etag);
        HeadObjectResponse dst = s3.headObject(b -> b.bucket("other").key("dst/é"));
        assertThat(dst.contentType()).isEqualTo("image/png");
        assertThat(dst.metadata()).containsEntry("mtime", "1");
        assertThat(s3.getObjectAsBytes(b -> b.bucket("other").key("dst/é")).asByteArray()).isEqualTo(data);

        // rclone sets a modification time by copying an object onto itself with REPLACE.
        s3.copyObject(b -> b.sourceBucket("objects").sourceKey("src key+1").destinationBucket("objects")
                .destinationKey("src key+1").metadataDirective(MetadataDirective.REPLACE).contentType("image/png")
                .metadata(Map.of("mtime", "2")));
        HeadObjectResponse touched = s3.headObject(b -> b.bucket("objects").key("src key+1"));
        assertThat(touched.metadata()).containsExactly(Map.entry("mtime", "2"));
        assertThat(touched.eTag()).isEqualTo(etag);

        assertThatThrownBy(() -> s3.copyObject(b -> b.sourceBucket("objects").sourceKey("src key+1")
                .destinationBucket("objects").destinationKey("src key+1")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRequest");
                });
        assertThatThrownBy(() -> s3.copyObject(b -> b.sourceBucket("objects").sourceKey("missing")
                .destinationBucket("objects").destinationKey("x"))).isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void copySourceConditionsAreChecked() {
        String etag = s3.putObject(b -> b.bucket("objects").key("s"), RequestBody.fromString("source")).eTag();
        assertThat(status(() -> s3.copyObject(b -> b.sourceBucket("objects").sourceKey("s").destinationBucket("objects")
                .destinationKey("d").copySourceIfMatch("\"nope\"")))).isEqualTo(412);
        assertThat(status(() -> s3.copyObject(b -> b.sourceBucket("objects").sourceKey("s").destinationBucket("objects")
                .destinationKey("d").copySourceIfNoneMatch(etag)))).isEqualTo(412);
        assertThat(status(() -> s3.copyObject(b -> b.sourceBucket("objects").sourceKey("s").destinationBucket("objects")
                .destinationKey("d").copySourceIfMatch(etag)))).isEqualTo(200);
    }

    @Test
    void aWrongContentMd5IsBadDigestAndStoresNothing() {
        byte[] data = "the body".getBytes(StandardCharsets.UTF_8);
        String wrongMd5 = java.util.Base64.getEncoder().encodeToString(Etags.md5().digest("another".getBytes()));
        try (var plain = clientWithChunkedEncodingOff()) {
            assertThatThrownBy(() -> plain.putObject(b -> b.bucket("objects").key("md5").contentMD5(wrongMd5),
                    RequestBody.fromBytes(data)))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode())
                            .isEqualTo("BadDigest"));
            assertThatThrownBy(() -> plain.putObject(b -> b.bucket("objects").key("md5").contentMD5("not-base64!"),
                    RequestBody.fromBytes(data)))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode())
                            .isEqualTo("InvalidDigest"));
        }
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket("objects").key("md5"))).isInstanceOf(NoSuchKeyException.class);
        String rightMd5 = java.util.Base64.getEncoder().encodeToString(Etags.md5().digest(data));
        s3.putObject(b -> b.bucket("objects").key("md5").contentMD5(rightMd5), RequestBody.fromBytes(data));
    }

    @Test
    void userMetadataOverTwoKilobytesIsRefused() {
        assertThatThrownBy(() -> s3.putObject(b -> b.bucket("objects").key("m").metadata(Map.of("big", "x".repeat(2100))),
                RequestBody.fromString("x")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("MetadataTooLarge"));
    }

    @Test
    void presignedDownloadLinksMayOverrideResponseHeaders() throws Exception {
        s3.putObject(b -> b.bucket("objects").key("doc.pdf").contentType("application/pdf"), RequestBody.fromString("%PDF"));
        try (var presigner = presigner()) {
            var url = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(g -> g.bucket("objects").key("doc.pdf")
                            .responseContentDisposition("attachment; filename=\"doc.pdf\"")
                            .responseContentType("application/octet-stream"))).url();
            RawHttp.Response r = raw().send("GET", url.getFile());
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Content-Disposition")).isEqualTo("attachment; filename=\"doc.pdf\"");
            assertThat(r.header("Content-Type")).isEqualTo("application/octet-stream");
        }
    }

    // ---- helpers ----

    static int status(Runnable call) {
        try {
            call.run();
            return 200;
        } catch (S3Exception e) {
            return e.statusCode();
        }
    }

    static org.assertj.core.data.TemporalUnitOffset within(Duration d) {
        return new org.assertj.core.data.TemporalUnitWithinOffset(d.toSeconds(), java.time.temporal.ChronoUnit.SECONDS);
    }

    static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String md5(byte[] data) {
        return HexFormat.of().formatHex(Etags.md5().digest(data));
    }

    static List<String> keys(software.amazon.awssdk.services.s3.model.ListObjectsV2Response r) {
        return r.contents().stream().map(software.amazon.awssdk.services.s3.model.S3Object::key).toList();
    }
}
