package dev.dos.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dos.s3.store.memory.InMemoryObjectStore;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Signature V4 in the header and in presigned URLs: any region, service s3, 15 minutes of skew,
 * X-Amz-Expires for presigned URLs, every query parameter and x-amz-* header covered.
 */
class AuthTest extends GatewayTest {

    @BeforeEach
    void bucket() {
        s3.createBucket(b -> b.bucket("auth"));
        s3.putObject(b -> b.bucket("auth").key("k"), RequestBody.fromString("secret stuff"));
    }

    @Test
    void aWrongSecretIsSignatureDoesNotMatchAndAnUnknownKeyIsInvalidAccessKeyId() throws Exception {
        try (S3Client wrong = client(CREDENTIALS.accessKeyId(), "not-the-secret", b -> { })) {
            assertError(() -> wrong.listBuckets(), 403, "SignatureDoesNotMatch");
            assertError(() -> wrong.putObject(b -> b.bucket("auth").key("x"), RequestBody.fromString("x")), 403,
                    "SignatureDoesNotMatch");
        }
        try (S3Client unknown = client("AKIAUNKNOWNKEY000000", CREDENTIALS.secretKey(), b -> { })) {
            assertError(() -> unknown.listBuckets(), 403, "InvalidAccessKeyId");
        }
        assertThat(store.head("auth", "x")).isEmpty();
    }

    @Test
    void unsignedRequestsAreAccessDenied() throws Exception {
        for (String[] request : new String[][] {{"GET", "/"}, {"GET", "/auth/k"}, {"PUT", "/auth/new"}, {"DELETE", "/auth/k"}}) {
            RawHttp.Response r = raw().send(request[0], request[1], List.of(), request[0].equals("PUT") ? new byte[1] : null,
                    false);
            assertThat(r.status()).as(request[1]).isEqualTo(403);
            assertThat(r.code()).isEqualTo("AccessDenied");
        }
        assertThat(store.head("auth", "k")).isPresent();
        assertThat(store.head("auth", "new")).isEmpty();
    }

    @Test
    void aRequestSixteenMinutesOffIsRequestTimeTooSkewedAndFourteenIsFine() throws Exception {
        for (Duration off : List.of(Duration.ofMinutes(16), Duration.ofMinutes(-16))) {
            SdkSigner.Signed get = signer().sign("GET", "/auth/k", Map.of(), Map.of(), null,
                    SdkSigner.Options.plain().clock(Clock.offset(Clock.systemUTC(), off)));
            RawHttp.Response r = raw().send("GET", get.target(), get.headers(), null, false);
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.code()).isEqualTo("RequestTimeTooSkewed");
            assertThat(r.text()).contains("<MaxAllowedSkewMilliseconds>900000</MaxAllowedSkewMilliseconds>");
        }
        SdkSigner.Signed fine = signer().sign("GET", "/auth/k", Map.of(), Map.of(), null,
                SdkSigner.Options.plain().clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-14))));
        assertThat(raw().send("GET", fine.target(), fine.headers(), null, false).status()).isEqualTo(200);
    }

    @Test
    void theSdkSeesSkewFromTheServersClockAndItsDateHeader() {
        clock.shift(Duration.ofMinutes(20));
        try (S3Client noRetries = client(b -> b.overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())))) {
            assertError(() -> noRetries.listBuckets(), 403, "RequestTimeTooSkewed");
        }
        // With retries on, the SDK corrects its clock from our Date header and goes through.
        assertThat(s3.listBuckets().buckets()).isNotEmpty();
    }

    @Test
    void anyRegionInTheScopeIsAcceptedButOnlyTheS3Service() throws Exception {
        for (String region : List.of("us-east-1", "ap-southeast-2", "auto", "garage")) {
            SdkSigner.Signed get = new SdkSigner(CREDENTIALS, region, endpoint()).sign("GET", "/auth/k", Map.of(),
                    Map.of(), null, SdkSigner.Options.plain());
            assertThat(raw().send("GET", get.target(), get.headers(), null, false).status()).as(region).isEqualTo(200);
        }
        SdkSigner.Signed get = signer().sign("GET", "/auth/k", Map.of(), Map.of(), null, SdkSigner.Options.plain());
        String otherService = get.header("Authorization").replace("/s3/aws4_request", "/ec2/aws4_request");
        RawHttp.Response r = raw().send("GET", get.target(), get.withHeader("Authorization", otherService).headers(),
                null, false);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("AuthorizationHeaderMalformed");
    }

    @Test
    void everyQueryParameterIsSignedIncludingUnknownOnes() throws Exception {
        SdkSigner.Signed get = signer().sign("GET", "/auth/k", Map.of("x-id", "GetObject", "odd name", "a b+c/~*'"),
                Map.of(), null, SdkSigner.Options.plain());
        assertThat(raw().send("GET", get.target(), get.headers(), null, false).text()).isEqualTo("secret stuff");
        String tampered = get.target().replace("x-id=GetObject", "x-id=PutObject");
        assertThat(raw().send("GET", tampered, get.headers(), null, false).code()).isEqualTo("SignatureDoesNotMatch");
        String added = get.target() + "&extra=1";
        assertThat(raw().send("GET", added, get.headers(), null, false).code()).isEqualTo("SignatureDoesNotMatch");
    }

    @Test
    void anUnsignedXAmzHeaderIsRefused() throws Exception {
        SdkSigner.Signed get = signer().sign("GET", "/auth/k", Map.of(), Map.of(), null, SdkSigner.Options.plain());
        RawHttp.Response r = raw().send("GET", get.target(), get.withHeader("x-amz-meta-sneaky", "1").headers(), null,
                false);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.code()).isEqualTo("AccessDenied");
        assertThat(r.text()).contains("<HeadersNotSigned>x-amz-meta-sneaky</HeadersNotSigned>");
    }

    @Test
    void signatureV2AndTwoMechanismsAtOnceAreRefused() throws Exception {
        RawHttp.Response v2 = raw().send("GET", "/auth/k", List.<String[]>of(new String[] {"Authorization",
                "AWS " + CREDENTIALS.accessKeyId() + ":c2lnbmF0dXJl"}), null, false);
        assertThat(v2.code()).isEqualTo("InvalidRequest");
        try (S3Presigner presigner = presigner()) {
            URL url = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(g -> g.bucket("auth").key("k"))).url();
            SdkSigner.Signed get = signer().sign("GET", "/auth/k", Map.of(), Map.of(), null, SdkSigner.Options.plain());
            RawHttp.Response both = raw().send("GET", url.getFile(), get.headers(), null, false);
            assertThat(both.code()).isEqualTo("InvalidArgument");
        }
    }

    @Test
    void presignedGetAndPutWorkUntilTheyExpireWhateverTheSkewWindow() throws Exception {
        try (S3Presigner presigner = presigner()) {
            URL get = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofHours(1))
                    .getObjectRequest(g -> g.bucket("auth").key("k"))).url();
            URL put = presigner.presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(2))
                    .putObjectRequest(o -> o.bucket("auth").key("uploaded via url"))).url();

            assertThat(raw().send("GET", get.getFile()).text()).isEqualTo("secret stuff");
            RawHttp.Response uploaded = raw().send("PUT", put.getFile(), List.of(), "from a browser".getBytes(), false);
            assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(200);
            assertThat(s3.getObjectAsBytes(b -> b.bucket("auth").key("uploaded via url")).asUtf8String())
                    .isEqualTo("from a browser");

            clock.shift(Duration.ofMinutes(40)); // past the skew window, within X-Amz-Expires
            assertThat(raw().send("GET", get.getFile()).status()).isEqualTo(200);
            RawHttp.Response expired = raw().send("PUT", put.getFile(), List.of(), "late".getBytes(), false);
            assertThat(expired.status()).isEqualTo(403);
            assertThat(expired.code()).isEqualTo("AccessDenied");
            assertThat(expired.text()).contains("Request has expired");

            clock.shift(Duration.ofMinutes(61));
            assertThat(raw().send("GET", get.getFile()).code()).isEqualTo("AccessDenied");

            String tampered = get.getFile().replace("/auth/k", "/auth/uploaded%20via%20url");
            clock.shift(Duration.ZERO);
            assertThat(raw().send("GET", tampered).code()).isEqualTo("SignatureDoesNotMatch");
        }
    }

    @Test
    void aPresignedUrlCannotBeTurnedIntoACopyByAddingUnsignedHeaders() throws Exception {
        try (S3Presigner presigner = presigner()) {
            URL put = presigner.presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .putObjectRequest(o -> o.bucket("auth").key("victim"))).url();
            RawHttp.Response r = raw().send("PUT", put.getFile(),
                    List.<String[]>of(new String[] {"x-amz-copy-source", "/auth/k"}), new byte[0], false);
            assertThat(r.code()).isEqualTo("AccessDenied");
            assertThat(store.head("auth", "victim")).isEmpty();
        }
    }

    /**
     * The worked example of AWS's "Signature Calculations for the Authorization Header: Transferring
     * Payload in Multiple Chunks" page: its credentials, its date, its seed and chunk signatures.
     */
    @Test
    void awsDocumentedStreamingExampleVerifies() throws Exception {
        S3Credentials example = new S3Credentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                "us-east-1");
        try (InMemoryObjectStore exampleStore = new InMemoryObjectStore();
             S3Server exampleServer = S3Server.start(exampleStore, example, "127.0.0.1", 0,
                     Clock.fixed(Instant.parse("2013-05-24T00:00:00Z"), ZoneOffset.UTC))) {
            exampleStore.createBucket("examplebucket");
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            chunk(body, 65536, "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648");
            chunk(body, 1024, "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497");
            chunk(body, 0, "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9");
            List<String[]> headers = new ArrayList<>();
            headers.add(new String[] {"Host", "s3.amazonaws.com"});
            headers.add(new String[] {"x-amz-date", "20130524T000000Z"});
            headers.add(new String[] {"x-amz-storage-class", "REDUCED_REDUNDANCY"});
            headers.add(new String[] {"Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1"
                    + "/s3/aws4_request,SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;"
                    + "x-amz-decoded-content-length;x-amz-storage-class,"
                    + "Signature=4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9"});
            headers.add(new String[] {"x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"});
            headers.add(new String[] {"Content-Encoding", "aws-chunked"});
            headers.add(new String[] {"x-amz-decoded-content-length", "66560"});
            headers.add(new String[] {"Content-Length", "66824"});
            assertThat(body.size()).isEqualTo(66824);
            RawHttp.Response r = new RawHttp(exampleServer.endpoint()).send("PUT", "/examplebucket/chunkObject.txt",
                    headers, body.toByteArray(), false);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(exampleStore.head("examplebucket", "chunkObject.txt").orElseThrow().size()).isEqualTo(66560);
        }
    }

    private static void chunk(ByteArrayOutputStream body, int size, String signature) {
        body.writeBytes((Integer.toHexString(size) + ";chunk-signature=" + signature + "\r\n").getBytes(StandardCharsets.US_ASCII));
        body.writeBytes("a".repeat(size).getBytes(StandardCharsets.US_ASCII));
        body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    static void assertError(Runnable call, int status, String code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(status);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
        });
    }
}
