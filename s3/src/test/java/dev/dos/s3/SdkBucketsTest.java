package dev.dos.s3;

import static dev.dos.s3.AuthTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.DeletedObject;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.Permission;

/** Bucket operations through the AWS SDK, and what the gateway answers for the ones it does not implement. */
class SdkBucketsTest extends GatewayTest {

    @Test
    void bucketsAreCreatedListedHeadedAndDeletedWhenEmpty() {
        s3.createBucket(b -> b.bucket("zeta"));
        s3.createBucket(b -> b.bucket("alpha").createBucketConfiguration(c -> c.locationConstraint(
                BucketLocationConstraint.EU_WEST_3)));
        assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).containsExactly("alpha", "zeta");
        assertThat(s3.listBuckets().owner().displayName()).isEqualTo("dos");
        assertThat(s3.listBuckets(b -> b.prefix("z")).buckets()).extracting(Bucket::name).containsExactly("zeta");
        assertThat(s3.headBucket(b -> b.bucket("alpha")).sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region"))
                .contains("us-east-1");

        assertThatThrownBy(() -> s3.createBucket(b -> b.bucket("alpha"))).isInstanceOf(BucketAlreadyOwnedByYouException.class);
        s3.putObject(b -> b.bucket("alpha").key("k"), RequestBody.fromString("x"));
        assertError(() -> s3.deleteBucket(b -> b.bucket("alpha")), 409, "BucketNotEmpty");
        s3.deleteObject(b -> b.bucket("alpha").key("k"));
        s3.deleteBucket(b -> b.bucket("alpha"));
        assertThatThrownBy(() -> s3.headBucket(b -> b.bucket("alpha"))).isInstanceOf(NoSuchBucketException.class);
        assertThatThrownBy(() -> s3.deleteBucket(b -> b.bucket("alpha"))).isInstanceOf(NoSuchBucketException.class);
    }

    @Test
    void aBadBucketNameIsInvalidBucketName() throws Exception {
        SdkSigner.Signed put = signer().sign("PUT", "/Bad_Name", Map.of(), Map.of(), new byte[0], SdkSigner.Options.plain());
        RawHttp.Response r = raw().send("PUT", put.target(), put.headers(), put.body(), false);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("InvalidBucketName");
    }

    @Test
    void aMissingBucketIsNoSuchBucketEverywhere() {
        assertThatThrownBy(() -> s3.listObjectsV2(b -> b.bucket("nope"))).isInstanceOf(NoSuchBucketException.class);
        assertThatThrownBy(() -> s3.listObjects(b -> b.bucket("nope"))).isInstanceOf(NoSuchBucketException.class);
        assertThatThrownBy(() -> s3.getBucketLocation(b -> b.bucket("nope"))).isInstanceOf(NoSuchBucketException.class);
        assertThatThrownBy(() -> s3.putObject(b -> b.bucket("nope").key("k"), RequestBody.fromString("x")))
                .isInstanceOf(NoSuchBucketException.class);
        assertThatThrownBy(() -> s3.getObject(b -> b.bucket("nope").key("k"))).isInstanceOf(NoSuchBucketException.class);
        assertThatThrownBy(() -> s3.listMultipartUploads(b -> b.bucket("nope"))).isInstanceOf(NoSuchBucketException.class);
    }

    @Test
    void theLocationOfUsEast1IsAnEmptyConstraintAndOtherRegionsAreNamed() throws Exception {
        s3.createBucket(b -> b.bucket("here"));
        assertThat(s3.getBucketLocation(b -> b.bucket("here")).locationConstraintAsString()).isEmpty();
        try (S3Server paris = S3Server.start(store, new S3Credentials(CREDENTIALS.accessKeyId(),
                CREDENTIALS.secretKey(), "eu-west-3"), "127.0.0.1", 0);
             var client = S3ClientFor.server(paris)) {
            assertThat(client.getBucketLocation(b -> b.bucket("here")).locationConstraint())
                    .isEqualTo(BucketLocationConstraint.EU_WEST_3);
        }
    }

    @Test
    void deleteObjectsAnswersPerKeyAndQuietOnlyErrors() {
        s3.createBucket(b -> b.bucket("many"));
        for (String key : List.of("a", "b c", "d+e")) {
            s3.putObject(b -> b.bucket("many").key(key), RequestBody.fromString(key));
        }
        DeleteObjectsResponse r = s3.deleteObjects(b -> b.bucket("many").delete(d -> d.objects(ids("a", "b c", "missing"))));
        assertThat(r.deleted()).extracting(DeletedObject::key).containsExactlyInAnyOrder("a", "b c", "missing");
        assertThat(r.errors()).isEmpty();
        DeleteObjectsResponse quiet = s3.deleteObjects(b -> b.bucket("many").delete(d -> d.quiet(true).objects(ids("d+e"))));
        assertThat(quiet.deleted()).isEmpty();
        assertThat(s3.listObjectsV2(b -> b.bucket("many")).keyCount()).isZero();
    }

    @Test
    void deleteObjectsRefusesMalformedXmlAndExternalEntities() throws Exception {
        s3.createBucket(b -> b.bucket("xml"));
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<Delete><Object><Key>&x;</Key></Object></Delete>";
        for (String body : List.of("<Delete><Object><Key>a</Key>", xxe, "<Other/>", "<Delete></Delete>")) {
            SdkSigner.Signed post = signer().sign("POST", "/xml", Map.of("delete", ""), Map.of(), body.getBytes(),
                    SdkSigner.Options.plain());
            RawHttp.Response r = raw().send("POST", post.target(), post.headers(), post.body(), false);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.code()).as(body).isEqualTo("MalformedXML");
        }
    }

    @Test
    void versioningReadsAsNeverEnabledAndAclsAsOwnerFullControl() {
        s3.createBucket(b -> b.bucket("meta"));
        s3.putObject(b -> b.bucket("meta").key("k"), RequestBody.fromString("x"));
        assertThat(s3.getBucketVersioning(b -> b.bucket("meta")).status()).isNull();
        assertThat(s3.getBucketAcl(b -> b.bucket("meta")).grants()).singleElement()
                .satisfies(g -> assertThat(g.permission()).isEqualTo(Permission.FULL_CONTROL));
        assertThat(s3.getObjectAcl(b -> b.bucket("meta").key("k")).grants()).hasSize(1);
    }

    @Test
    void operationsNotImplementedSaySo() {
        s3.createBucket(b -> b.bucket("nimp"));
        s3.putObject(b -> b.bucket("nimp").key("k"), RequestBody.fromString("x"));
        assertError(() -> s3.putBucketVersioning(b -> b.bucket("nimp").versioningConfiguration(v -> v.status(
                BucketVersioningStatus.ENABLED))), 501, "NotImplemented");
        assertError(() -> s3.listObjectVersions(b -> b.bucket("nimp")), 501, "NotImplemented");
        assertError(() -> s3.getBucketPolicy(b -> b.bucket("nimp")), 501, "NotImplemented");
        assertError(() -> s3.getObjectTagging(b -> b.bucket("nimp").key("k")), 501, "NotImplemented");
        assertError(() -> s3.putObjectAcl(b -> b.bucket("nimp").key("k").acl("public-read")), 501, "NotImplemented");
        assertError(() -> s3.getObject(b -> b.bucket("nimp").key("k").versionId("3HL4kqtJlcpXroDTDmJ")), 501,
                "NotImplemented");
    }

    private static List<ObjectIdentifier> ids(String... keys) {
        return java.util.Arrays.stream(keys).map(k -> ObjectIdentifier.builder().key(k).build()).toList();
    }
}
