package dev.dos.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.s3.store.ObjectInfo;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Keys keep every byte through every operation: spaces, {@code +}, {@code %}, unicode, empty
 * segments and trailing slashes, whether the SDK encodes them or a raw request spells them.
 */
class KeyEncodingTest extends GatewayTest {
    static final List<String> KEYS = List.of("a b", "a+b", "a%20b", "a%2Fb", "a//b", "dir/", "/leading", "trailing /",
            "zoé/日本語 ☃.txt", "semi;colon=equals&amp?q#hash", "tilde~star*paren(1)!'", "a/./b", "a/../b",
            "control\tand\nnewline");

    @BeforeEach
    void bucket() {
        s3.createBucket(b -> b.bucket("keys"));
    }

    @Test
    void everyKeyRoundTripsThroughPutHeadGetListCopyAndDelete() {
        for (String key : KEYS) {
            byte[] data = key.getBytes(StandardCharsets.UTF_8);
            s3.putObject(b -> b.bucket("keys").key(key), RequestBody.fromBytes(data));
            assertThat(s3.getObjectAsBytes(b -> b.bucket("keys").key(key)).asByteArray()).as(key).isEqualTo(data);
            assertThat(s3.headObject(b -> b.bucket("keys").key(key)).contentLength()).as(key).isEqualTo(data.length);
            s3.copyObject(b -> b.sourceBucket("keys").sourceKey(key).destinationBucket("keys").destinationKey("copy/" + key));
        }
        assertThat(s3.listObjectsV2Paginator(b -> b.bucket("keys")).contents().stream().map(S3Object::key))
                .containsAll(KEYS);
        assertThat(ListingTest.allKeysV1(s3, "keys", null, 5)).as("V1 without encoding-type").containsAll(KEYS);
        for (String key : KEYS) {
            assertThat(s3.getObjectAsBytes(b -> b.bucket("keys").key("copy/" + key)).asByteArray()).as(key)
                    .isEqualTo(key.getBytes(StandardCharsets.UTF_8));
            s3.deleteObject(b -> b.bucket("keys").key(key));
        }
        s3.deleteObjects(b -> b.bucket("keys").delete(d -> d.objects(KEYS.stream()
                .map(k -> ObjectIdentifier.builder().key("copy/" + k).build()).toList())));
        assertThat(s3.listObjectsV2(b -> b.bucket("keys")).contents()).isEmpty();
    }

    @Test
    void multipartUploadsOfAwkwardKeysComplete() {
        String key = "multi part+key/é";
        String id = s3.createMultipartUpload(b -> b.bucket("keys").key(key)).uploadId();
        String etag = s3.uploadPart(b -> b.bucket("keys").key(key).uploadId(id).partNumber(1),
                RequestBody.fromString("only part")).eTag();
        assertThat(s3.listMultipartUploads(b -> b.bucket("keys")).uploads()).extracting(u -> u.key()).containsExactly(key);
        s3.completeMultipartUpload(b -> b.bucket("keys").key(key).uploadId(id)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));
        assertThat(s3.getObjectAsBytes(b -> b.bucket("keys").key(key)).asUtf8String()).isEqualTo("only part");
    }

    @Test
    void rawPathsAreDecodedOnceAndNeverNormalized() throws Exception {
        Map<String, String> rawToKey = Map.of(
                "/keys/a+b", "a+b",
                "/keys/a%2Bb", "a+b",
                "/keys/a%20b", "a b",
                "/keys/a%2520b", "a%20b",
                "/keys/a%2Fb", "a/b",
                "/keys/a//b", "a//b",
                "/keys/dir/", "dir/",
                "/keys/x/../y", "x/../y",
                "/keys/%E2%98%83", "☃");
        for (Map.Entry<String, String> e : rawToKey.entrySet()) {
            byte[] body = e.getKey().getBytes(StandardCharsets.UTF_8);
            SdkSigner.Signed put = signer().sign("PUT", e.getKey(), Map.of(), Map.of(), body, SdkSigner.Options.plain());
            RawHttp.Response r = raw().send("PUT", put.target(), put.headers(), put.body(), false);
            assertThat(r.status()).as(e.getKey() + " -> " + r).isEqualTo(200);
            ObjectInfo stored = store.head("keys", e.getValue()).orElseThrow(() -> new AssertionError(e.getValue()));
            assertThat(stored.size()).as(e.getKey()).isEqualTo(body.length);
            SdkSigner.Signed get = signer().sign("GET", e.getKey(), Map.of(), Map.of(), null, SdkSigner.Options.plain());
            assertThat(raw().send("GET", get.target(), get.headers(), null, false).body()).as(e.getKey()).isEqualTo(body);
        }
    }

    @Test
    void copySourcesAreUrlEncodedWithOrWithoutALeadingSlash() throws Exception {
        store.put("keys", "a+b c", new java.io.ByteArrayInputStream("source".getBytes()), 6, dev.dos.s3.store.ObjectMeta.NONE);
        for (String source : List.of("/keys/a%2Bb%20c", "keys/a%2Bb%20c", "/keys/a+b%20c")) {
            SdkSigner.Signed copy = signer().sign("PUT", "/keys/copied", Map.of(), Map.of("x-amz-copy-source", source),
                    new byte[0], SdkSigner.Options.plain());
            RawHttp.Response r = raw().send("PUT", copy.target(), copy.headers(), copy.body(), false);
            assertThat(r.status()).as(source + " " + r).isEqualTo(200);
            assertThat(r.text()).contains("<CopyObjectResult", "<ETag>&quot;");
            assertThat(store.head("keys", "copied").orElseThrow().size()).isEqualTo(6);
            store.delete("keys", "copied");
        }
    }

    @Test
    void errorsAreS3XmlAndHeadErrorsHaveNoBody() throws Exception {
        SdkSigner.Signed get = signer().sign("GET", "/keys/missing%20key", Map.of(), Map.of(), null, SdkSigner.Options.plain());
        RawHttp.Response r = raw().send("GET", get.target(), get.headers(), null, false);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.header("Content-Type")).isEqualTo("application/xml");
        assertThat(r.header("x-amz-request-id")).isNotBlank();
        assertThat(r.text()).contains("<Error><Code>NoSuchKey</Code><Message>", "<Key>missing key</Key>",
                "<Resource>/keys/missing key</Resource>", "<RequestId>" + r.header("x-amz-request-id") + "</RequestId>");

        SdkSigner.Signed head = signer().sign("HEAD", "/keys/missing", Map.of(), Map.of(), null, SdkSigner.Options.plain());
        RawHttp.Response h = raw().send("HEAD", head.target(), head.headers(), null, false);
        assertThat(h.status()).isEqualTo(404);
        assertThat(h.header("Content-Length")).isEqualTo("0");

        SdkSigner.Signed patch = signer().sign("PATCH", "/keys/k", Map.of(), Map.of(), null, SdkSigner.Options.plain());
        assertThat(raw().send("PATCH", patch.target(), patch.headers(), null, false).code()).isEqualTo("MethodNotAllowed");
    }

    @Test
    void aNonUtf8OrBrokenEscapeIsRefusedWithAnS3Error() throws Exception {
        RawHttp.Response notUtf8 = raw().send("GET", "/keys/%FF");
        assertThat(notUtf8.status()).isEqualTo(400);
        assertThat(notUtf8.code()).isEqualTo("InvalidURI");
        for (String path : List.of("/keys/%zz", "/keys/%e")) {
            RawHttp.Response r = raw().send("GET", path); // refused by Jetty's parser, in S3's error shape
            assertThat(r.status()).as(path).isEqualTo(400);
            assertThat(r.code()).as(path + " " + r).isNotNull();
        }
    }
}
