package dev.dos.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/** ListObjects V1 and V2: prefixes, delimiters, pages, markers, tokens and encoding-type=url. */
class ListingTest extends GatewayTest {
    static final List<String> KEYS = List.of("a.txt", "b/1", "b/2", "b/3", "c d/x", "c d/y", "c+d", "e/f/g", "z");

    @BeforeEach
    void fill() {
        s3.createBucket(b -> b.bucket("list"));
        for (String key : KEYS) {
            s3.putObject(b -> b.bucket("list").key(key), RequestBody.fromString(key));
        }
    }

    @Test
    void commonPrefixesCountTowardMaxKeysAndPagesNeverRepeatThem() {
        ListObjectsV2Response first = s3.listObjectsV2(b -> b.bucket("list").delimiter("/").maxKeys(3));
        assertThat(keys(first)).containsExactly("a.txt");
        assertThat(prefixes(first)).containsExactly("b/", "c d/");
        assertThat(first.keyCount()).isEqualTo(3);
        assertThat(first.isTruncated()).isTrue();

        ListObjectsV2Response second = s3.listObjectsV2(b -> b.bucket("list").delimiter("/").maxKeys(3)
                .continuationToken(first.nextContinuationToken()));
        assertThat(keys(second)).containsExactly("c+d", "z");
        assertThat(prefixes(second)).containsExactly("e/");
        assertThat(second.isTruncated()).isFalse();
        assertThat(second.nextContinuationToken()).isNull();
    }

    @Test
    void v2PagesWithTokensAndStartAfterVisitEveryKeyOnce() {
        List<String> seen = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket("list").maxKeys(2)).contents().forEach(o -> seen.add(o.key()));
        assertThat(seen).containsExactlyElementsOf(KEYS);
        assertThat(keys(s3.listObjectsV2(b -> b.bucket("list").startAfter("c d/y")))).containsExactly("c+d", "e/f/g", "z");
        assertThat(keys(s3.listObjectsV2(b -> b.bucket("list").prefix("b/").startAfter("b/1")))).containsExactly("b/2", "b/3");
    }

    @Test
    void v1AlwaysGivesNextMarkerWhenTruncatedAndMarkersResume() {
        ListObjectsResponse first = s3.listObjects(b -> b.bucket("list").maxKeys(4));
        assertThat(first.isTruncated()).isTrue();
        assertThat(first.nextMarker()).as("even without a delimiter").isEqualTo("b/3");
        ListObjectsResponse delimited = s3.listObjects(b -> b.bucket("list").delimiter("/").maxKeys(2));
        assertThat(delimited.nextMarker()).isEqualTo("b/");
        ListObjectsResponse next = s3.listObjects(b -> b.bucket("list").delimiter("/").maxKeys(2)
                .marker(delimited.nextMarker()));
        assertThat(next.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("c d/");
        assertThat(next.contents()).extracting(S3Object::key).containsExactly("c+d");
        assertThat(next.marker()).isEqualTo("b/");
        assertThat(allKeysV1(s3, "list", null, 3)).containsExactlyElementsOf(KEYS);
        assertThat(s3.listObjects(b -> b.bucket("list").maxKeys(100)).isTruncated()).isFalse();
    }

    @Test
    void prefixAndDelimiterNarrowTheListing() {
        ListObjectsV2Response r = s3.listObjectsV2(b -> b.bucket("list").prefix("e/").delimiter("/"));
        assertThat(keys(r)).isEmpty();
        assertThat(prefixes(r)).containsExactly("e/f/");
        assertThat(keys(s3.listObjectsV2(b -> b.bucket("list").prefix("c")))).containsExactly("c d/x", "c d/y", "c+d");
        assertThat(s3.listObjectsV2(b -> b.bucket("list").prefix("nothing")).keyCount()).isZero();
    }

    @Test
    void maxKeysDefaultsToAndIsCappedAtAThousand() throws Exception {
        assertThat(s3.listObjectsV2(b -> b.bucket("list")).maxKeys()).isEqualTo(1000);
        assertThat(s3.listObjectsV2(b -> b.bucket("list").maxKeys(5000)).maxKeys()).isEqualTo(1000);
        SdkSigner.Signed bad = signer().sign("GET", "/list", Map.of("max-keys", "-1"), Map.of(), null,
                SdkSigner.Options.plain());
        assertThat(raw().send("GET", bad.target(), bad.headers(), null, false).code()).isEqualTo("InvalidArgument");
    }

    @Test
    void encodingTypeUrlEncodesKeysAndIsEchoedAndNothingIsEncodedUnasked() throws Exception {
        SdkSigner.Signed encoded = signer().sign("GET", "/list", Map.of("list-type", "2", "encoding-type", "url",
                "delimiter", "/", "prefix", "c"), Map.of(), null, SdkSigner.Options.plain());
        String xml = raw().send("GET", encoded.target(), encoded.headers(), null, false).text();
        assertThat(xml).contains("<EncodingType>url</EncodingType>", "<Key>c%2Bd</Key>", "<Prefix>c%20d/</Prefix>",
                "<Delimiter>%2F</Delimiter>".replace("%2F", "/"));

        SdkSigner.Signed v1 = signer().sign("GET", "/list", Map.of("encoding-type", "url", "marker", "c d/x",
                "max-keys", "1"), Map.of(), null, SdkSigner.Options.plain());
        String v1xml = raw().send("GET", v1.target(), v1.headers(), null, false).text();
        assertThat(v1xml).contains("<Marker>c%20d/x</Marker>", "<NextMarker>c%20d/y</NextMarker>", "<Key>c%20d/y</Key>");

        SdkSigner.Signed plain = signer().sign("GET", "/list", Map.of("list-type", "2", "prefix", "c"), Map.of(), null,
                SdkSigner.Options.plain());
        String plainXml = raw().send("GET", plain.target(), plain.headers(), null, false).text();
        assertThat(plainXml).contains("<Key>c+d</Key>", "<Key>c d/x</Key>").doesNotContain("EncodingType", "%20");

        // The SDK always asks for url encoding on V2 and decodes what it gets.
        assertThat(keys(s3.listObjectsV2(b -> b.bucket("list").prefix("c").encodingType(EncodingType.URL))))
                .containsExactly("c d/x", "c d/y", "c+d");
    }

    static List<String> keys(ListObjectsV2Response r) {
        return r.contents().stream().map(S3Object::key).toList();
    }

    static List<String> prefixes(ListObjectsV2Response r) {
        return r.commonPrefixes().stream().map(CommonPrefix::prefix).toList();
    }

    /** Every key, paging V1 with NextMarker as rclone does. */
    static List<String> allKeysV1(S3Client s3, String bucket, String delimiter, int pageSize) {
        List<String> out = new ArrayList<>();
        String marker = null;
        while (true) {
            String m = marker;
            ListObjectsResponse page = s3.listObjects(b -> b.bucket(bucket).delimiter(delimiter).maxKeys(pageSize)
                    .marker(m));
            page.contents().forEach(o -> out.add(o.key()));
            if (!page.isTruncated()) {
                return out;
            }
            marker = page.nextMarker();
        }
    }
}
