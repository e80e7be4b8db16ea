package dev.dos.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.checksums.spi.ChecksumAlgorithm;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Requests signed by the AWS SDK's own SigV4 signer ({@link AwsV4HttpSigner}), body encodings and
 * all, so the gateway is checked against the SDK's signatures rather than its own.
 */
final class SdkSigner {
    private final S3Credentials credentials;
    private final String region;
    private final URI endpoint;

    SdkSigner(S3Credentials credentials, String region, URI endpoint) {
        this.credentials = credentials;
        this.region = region;
        this.endpoint = endpoint;
    }

    /** How to sign: the SDK's properties of the same names. */
    record Options(boolean payloadSigning, boolean chunkEncoding, ChecksumAlgorithm checksum, Clock clock,
                   Duration presignedFor, String secretKey) {
        static Options plain() {
            return new Options(true, false, null, Clock.systemUTC(), null, null);
        }

        Options payloadSigning(boolean on) {
            return new Options(on, chunkEncoding, checksum, clock, presignedFor, secretKey);
        }

        Options chunkEncoding(boolean on) {
            return new Options(payloadSigning, on, checksum, clock, presignedFor, secretKey);
        }

        Options checksum(ChecksumAlgorithm algorithm) {
            return new Options(payloadSigning, chunkEncoding, algorithm, clock, presignedFor, secretKey);
        }

        Options clock(Clock c) {
            return new Options(payloadSigning, chunkEncoding, checksum, c, presignedFor, secretKey);
        }

        Options presigned(Duration d) {
            return new Options(payloadSigning, chunkEncoding, checksum, clock, d, secretKey);
        }

        Options secret(String s) {
            return new Options(payloadSigning, chunkEncoding, checksum, clock, presignedFor, s);
        }
    }

    /** A signed request, ready for {@link RawHttp#send}: its target, its headers and its (encoded) body. */
    record Signed(String method, String target, List<String[]> headers, byte[] body) {
        String header(String name) {
            return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst().orElse(null);
        }

        Signed withBody(byte[] newBody) {
            return new Signed(method, target, headers, newBody);
        }

        Signed withHeader(String name, String value) {
            List<String[]> h = new ArrayList<>(headers.stream().filter(e -> !e[0].equalsIgnoreCase(name)).toList());
            h.add(new String[] {name, value});
            return new Signed(method, target, h, body);
        }
    }

    /**
     * Signs {@code method encodedPath?query} with {@code headers} and {@code body} (null: none).
     * {@code encodedPath} is sent and signed exactly as given.
     */
    Signed sign(String method, String encodedPath, Map<String, String> query, Map<String, String> headers, byte[] body,
                Options options) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(method))
                // The SDK signs every payload sent over http; signing for https is how its unsigned forms
                // (UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER) are made. The bytes go over http anyway.
                .protocol(options.payloadSigning() ? endpoint.getScheme() : "https")
                .host(endpoint.getHost()).port(endpoint.getPort())
                .encodedPath(encodedPath);
        query.forEach(request::putRawQueryParameter);
        headers.forEach(request::putHeader);
        if (body != null && !headers.containsKey("Transfer-Encoding")) {
            request.putHeader("Content-Length", Integer.toString(body.length));
        }
        AwsCredentialsIdentity identity = AwsCredentialsIdentity.create(credentials.accessKeyId(),
                options.secretKey() == null ? credentials.secretKey() : options.secretKey());
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> {
            r.identity(identity).request(request.build())
                    .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "s3")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false)
                    .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, false)
                    .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, options.payloadSigning())
                    .putProperty(AwsV4FamilyHttpSigner.CHUNK_ENCODING_ENABLED, options.chunkEncoding())
                    .putProperty(HttpSigner.SIGNING_CLOCK, options.clock());
            if (body != null) {
                r.payload(ContentStreamProvider.fromByteArray(body));
            }
            if (options.checksum() != null) {
                r.putProperty(AwsV4FamilyHttpSigner.CHECKSUM_ALGORITHM, options.checksum());
            }
            if (options.presignedFor() != null) {
                r.putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, options.presignedFor());
            }
        });
        List<String[]> out = new ArrayList<>();
        signed.request().forEachHeader((name, values) -> values.forEach(v -> out.add(new String[] {name, v})));
        URI uri = signed.request().getUri();
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        byte[] payload = signed.payload().map(SdkSigner::readAll).orElse(null);
        return new Signed(method, target, out, payload);
    }

    private static byte[] readAll(ContentStreamProvider provider) {
        try (InputStream in = provider.newStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
