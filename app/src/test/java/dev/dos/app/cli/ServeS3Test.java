package dev.dos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code dos serve s3} as users run it: a process serving until stopped, objects kept on (the
 * sandbox's, or a shared emulated) Discord, one gateway per store.
 */
class ServeS3Test {
    @TempDir
    Path home;

    @Test
    void theAwsSdkStoresObjectsThatOutliveTheGateway() throws Exception {
        SandboxHome sandbox = new SandboxHome(home).withTestingKey();
        byte[] big = random(3_000_000, 1);
        byte[] partOne = random(5 * 1024 * 1024, 2);
        byte[] partTwo = random(700_000, 3);
        String etag;
        try (Gateway gateway = Gateway.start(home.resolve("logs"), sandbox.env(), List.of("--sandbox"));
             S3Client s3 = gateway.client()) {
            s3.createBucket(b -> b.bucket("photos"));
            s3.putObject(b -> b.bucket("photos").key("2026/big.bin"), RequestBody.fromBytes(big));
            for (int i = 0; i < 20; i++) { // one key written again and again: each PUT replaces the last
                String text = "version " + i;
                s3.putObject(b -> b.bucket("photos").key("small/0"), RequestBody.fromString(text));
            }
            assertThat(s3.getObjectAsBytes(b -> b.bucket("photos").key("small/0")).asUtf8String()).isEqualTo("version 19");
            s3.putObject(b -> b.bucket("photos").key("small/a b+c.txt"), RequestBody.fromString("spaces and plus"));
            String upload = s3.createMultipartUpload(b -> b.bucket("photos").key("joined.bin")).uploadId();
            String e2 = s3.uploadPart(b -> b.bucket("photos").key("joined.bin").uploadId(upload).partNumber(2),
                    RequestBody.fromBytes(partTwo)).eTag();
            String e1 = s3.uploadPart(b -> b.bucket("photos").key("joined.bin").uploadId(upload).partNumber(1),
                    RequestBody.fromBytes(partOne)).eTag();
            etag = s3.completeMultipartUpload(b -> b.bucket("photos").key("joined.bin").uploadId(upload)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(
                            CompletedPart.builder().partNumber(1).eTag(e1).build(),
                            CompletedPart.builder().partNumber(2).eTag(e2).build()).build())).eTag();
            s3.copyObject(b -> b.sourceBucket("photos").sourceKey("2026/big.bin").destinationBucket("photos")
                    .destinationKey("copy.bin"));
            s3.deleteObject(b -> b.bucket("photos").key("small/0"));

            ResponseBytes<GetObjectResponse> range = s3.getObjectAsBytes(b -> b.bucket("photos").key("2026/big.bin")
                    .range("bytes=1000000-1000099"));
            assertThat(range.asByteArray()).isEqualTo(java.util.Arrays.copyOfRange(big, 1_000_000, 1_000_100));
            assertThat(etag).endsWith("-2\"");
        }

        // A new gateway on the same store finds everything again.
        try (Gateway again = Gateway.start(home.resolve("logs"), sandbox.env(), List.of("--sandbox"));
             S3Client s3 = again.client()) {
            assertThat(s3.listObjectsV2(b -> b.bucket("photos")).contents()).extracting(S3Object::key)
                    .containsExactly("2026/big.bin", "copy.bin", "joined.bin", "small/a b+c.txt");
            assertThat(s3.getObjectAsBytes(b -> b.bucket("photos").key("copy.bin")).asByteArray()).isEqualTo(big);
            byte[] joined = s3.getObjectAsBytes(b -> b.bucket("photos").key("joined.bin")).asByteArray();
            assertThat(joined).hasSize(partOne.length + partTwo.length);
            assertThat(java.util.Arrays.copyOfRange(joined, partOne.length, joined.length)).isEqualTo(partTwo);
            assertThat(s3.headObject(b -> b.bucket("photos").key("joined.bin")).eTag()).isEqualTo(etag);
            assertThat(s3.getObjectAsBytes(b -> b.bucket("photos").key("small/a b+c.txt")).asUtf8String())
                    .isEqualTo("spaces and plus");
        }
        Path keys = sandbox.home.resolve(".config/dos/s3-keys.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys))).isEqualTo("rw-------");
    }

    @Test
    void aSecondGatewayOnTheSameStoreIsRefusedUntilTheFirstStops() throws Exception {
        Path laptop = home.resolve("laptop");
        Path desktop = home.resolve("desktop");
        try (EmulatedDiscord discord = EmulatedDiscord.withStore(laptop)) {
            copyTree(discord.configDir(), desktop.resolve(".config/dos")); // the same key and server
            Map<String, String> laptopEnv = Map.of("HOME", laptop.toString(), "DOS_PASSPHRASE", EmulatedDiscord.PASSPHRASE);
            Map<String, String> desktopEnv = Map.of("HOME", desktop.toString(), "DOS_PASSPHRASE", EmulatedDiscord.PASSPHRASE);
            try (Gateway first = Gateway.start(home.resolve("logs"), laptopEnv, List.of());
                 S3Client s3 = first.client()) {
                s3.createBucket(b -> b.bucket("shared"));
                s3.putObject(b -> b.bucket("shared").key("k"), RequestBody.fromString("from the laptop"));

                EmulatedDiscord.Run second = Gateway.refused(home.resolve("logs"), desktopEnv, List.of());

                assertThat(second.code()).isEqualTo(ExitCode.CONFLICT);
                assertThat(second.err().strip()).startsWith("dos: ").doesNotContain("\n\tat ");
                assertThat(first.process.isAlive()).isTrue();
            }
            try (Gateway takeover = Gateway.start(home.resolve("logs"), desktopEnv, List.of());
                 S3Client s3 = takeover.client()) {
                assertThat(s3.getObjectAsBytes(b -> b.bucket("shared").key("k")).asUtf8String())
                        .isEqualTo("from the laptop");
            }
        }
    }

    static void copyTree(Path from, Path to) throws java.io.IOException {
        try (var walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}
