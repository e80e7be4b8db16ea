package dev.dos.s3;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** An SDK client for a server started with {@link GatewayTest#CREDENTIALS}. */
final class S3ClientFor {
    private S3ClientFor() {
    }

    static S3Client server(S3Server server) {
        return S3Client.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        GatewayTest.CREDENTIALS.accessKeyId(), GatewayTest.CREDENTIALS.secretKey())))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }
}
