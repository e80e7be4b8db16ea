package dev.dos.s3.http;

import dev.dos.s3.store.Bucket;
import dev.dos.s3.store.ObjectStore;
import dev.dos.s3.store.S3Error;
import dev.dos.s3.store.S3Exception;
import java.io.IOException;

/** ListBuckets, CreateBucket, HeadBucket, DeleteBucket, GetBucketLocation, and the fixed answers about versioning and ACLs. */
final class BucketHandlers {
    private final ObjectStore store;
    private final String accessKeyId;
    private final String region;

    BucketHandlers(ObjectStore store, String accessKeyId, String region) {
        this.store = store;
        this.accessKeyId = accessKeyId;
        this.region = region;
    }

    /** Every bucket (under {@code prefix} if given) in one page: {@code max-buckets} and tokens are not needed for one owner's few buckets. */
    void listBuckets(S3Exchange x) throws IOException {
        String prefix = x.query.get("prefix", "");
        XmlWriter xml = new XmlWriter().root("ListAllMyBucketsResult");
        S3Xml.owner(xml, "Owner", accessKeyId);
        xml.start("Buckets");
        for (Bucket bucket : store.buckets()) {
            if (bucket.name().startsWith(prefix)) {
                xml.start("Bucket").element("Name", bucket.name())
                        .element("CreationDate", HttpDates.xml(bucket.created()))
                        .element("BucketRegion", region).end();
            }
        }
        xml.end().element("Prefix", prefix.isEmpty() ? null : prefix);
        x.sendXml(200, xml.end());
    }

    /** The body, if any, is a CreateBucketConfiguration naming a region: read, checked, and ignored. */
    void createBucket(S3Exchange x) throws IOException {
        if ("true".equalsIgnoreCase(x.header("x-amz-bucket-object-lock-enabled"))) {
            throw S3RequestException.notImplemented("Object Lock");
        }
        RequestBody.open(x).drain();
        store.createBucket(x.bucket());
        x.setHeader("Location", "/" + x.bucket());
        x.sendEmpty(200);
    }

    void headBucket(S3Exchange x) throws IOException {
        requireBucket(x);
        x.setHeader("x-amz-bucket-region", region);
        x.sendEmpty(200);
    }

    void deleteBucket(S3Exchange x) throws IOException {
        store.deleteBucket(x.bucket());
        x.sendEmpty(204);
    }

    /** The region; us-east-1 answers as an empty constraint, as S3 does. */
    void location(S3Exchange x) throws IOException {
        requireBucket(x);
        x.sendXml(200, new XmlWriter().root("LocationConstraint").text(region.equals("us-east-1") ? "" : region).end());
    }

    /** Versioning has never been enabled on any bucket here: S3 answers that with an empty configuration. */
    void versioning(S3Exchange x) throws IOException {
        requireBucket(x);
        x.sendXml(200, new XmlWriter().root("VersioningConfiguration").end());
    }

    /** The one ACL there is: the owner has full control. */
    void acl(S3Exchange x) throws IOException {
        requireBucket(x);
        if (x.key() != null && store.head(x.bucket(), x.key()).isEmpty()) {
            throw new S3Exception(S3Error.NO_SUCH_KEY);
        }
        XmlWriter xml = new XmlWriter().root("AccessControlPolicy");
        S3Xml.owner(xml, "Owner", accessKeyId);
        xml.start("AccessControlList").start("Grant")
                .start("Grantee", "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"CanonicalUser\"");
        xml.element("ID", S3Xml.ownerId(accessKeyId)).element("DisplayName", "dos").end()
                .element("Permission", "FULL_CONTROL").end().end();
        x.sendXml(200, xml.end());
    }

    private void requireBucket(S3Exchange x) throws IOException {
        if (store.bucket(x.bucket()).isEmpty()) {
            throw new S3Exception(S3Error.NO_SUCH_BUCKET);
        }
    }
}
