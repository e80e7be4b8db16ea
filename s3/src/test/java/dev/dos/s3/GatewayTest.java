package dev.dos.s3;

import dev.dos.s3.store.ObjectStore;
import dev.dos.s3.store.memory.InMemoryObjectStore;
import dev.dos.testkit.FakeClock;
import java.net.URI;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * A gateway over an {@link InMemoryObjectStore} on 127.0.0.1, and AWS SDK for Java v2 clients
 * pointed at it: path-style, a region other than the server's, default CRC32 checksums on.
 */
abstract class GatewayTest {
    static final S3Credentials CREDENTIALS = new S3Credentials("AKIADOSGATEWAYTEST01",
            "dosGatewayTestSecret/0123456789+abcdefghij", "us-east-1");
    /** Any region in a client's scope is accepted. */
    static final Region CLIENT_REGION = Region.EU_WEST_3;

    protected final FakeClock clock = FakeClock.running();
    protected ObjectStore store;
    protected S3Server server;
    protected S3Client s3;

    @BeforeEach
    void startGateway() throws Exception {
        store = openStore();
        server = S3Server.start(store, CREDENTIALS, "127.0.0.1", 0, clock);
        s3 = client(b -> { });
    }

    @AfterEach
    void stopGateway() throws Exception {
        if (s3 != null) {
            s3.close();
        }
        if (server != null) {
            server.close();
        }
        if (store != null) {
            store.close();
        }
    }

    /** The store under the gateway; an in-memory one unless a test says otherwise. */
    protected ObjectStore openStore() throws Exception {
        return new InMemoryObjectStore();
    }

    protected URI endpoint() {
        return server.endpoint();
    }

    protected S3Client client(Consumer<S3ClientBuilder> customize) {
        return client(CREDENTIALS.accessKeyId(), CREDENTIALS.secretKey(), customize);
    }

    protected S3Client client(String accessKeyId, String secretKey, Consumer<S3ClientBuilder> customize) {
        S3ClientBuilder builder = S3Client.builder()
                .endpointOverride(endpoint())
                .region(CLIENT_REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretKey)))
                .forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create());
        customize.accept(builder);
        return builder.build();
    }

    protected S3Client clientWithChunkedEncodingOff() {
        return client(b -> b.serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build()));
    }

    protected S3Presigner presigner() {
        return S3Presigner.builder()
                .endpointOverride(endpoint())
                .region(CLIENT_REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        CREDENTIALS.accessKeyId(), CREDENTIALS.secretKey())))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }

    protected RawHttp raw() {
        return new RawHttp(endpoint());
    }

    protected SdkSigner signer() {
        return new SdkSigner(CREDENTIALS, CLIENT_REGION.id(), endpoint());
    }
}
