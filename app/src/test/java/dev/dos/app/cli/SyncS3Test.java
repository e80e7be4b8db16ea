package dev.dos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.core.crypto.KeyCosts;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code dos sync} also covers the S3 gateway's buckets: {@code --reset} on a new machine rebuilds
 * them from Discord, a plain sync catches up, and while a gateway holds the store's lease the S3
 * part is skipped with a reason (the batches are synced all the same).
 */
class SyncS3Test {
    @TempDir
    Path home;

    @Test
    void syncResetRebuildsTheBucketsOnANewMachineAndSkipsWhileAGatewayServes() throws Exception {
        Path laptop = home.resolve("laptop");
        Path desktop = home.resolve("desktop");
        try (EmulatedDiscord discord = EmulatedDiscord.withStore(laptop)) {
            ServeS3Test.copyTree(discord.configDir(), desktop.resolve(".config/dos"));
            Map<String, String> laptopEnv = Map.of("HOME", laptop.toString(), "DOS_PASSPHRASE", EmulatedDiscord.PASSPHRASE);

            // No S3 store yet: the S3 part is silent and a plain sync spends nothing on it.
            EmulatedDiscord.Run none = dos(desktop, "sync", "--reset", "--json");
            assertThat(none.code()).as(none.all()).isZero();
            assertThat(none.json().path("s3").path("status").asText()).isEqualTo("none");
            assertThat(dos(desktop, "sync").out()).doesNotContain("S3");

            try (Gateway gateway = Gateway.start(home.resolve("logs"), laptopEnv, List.of());
                 S3Client s3 = gateway.client()) {
                s3.createBucket(b -> b.bucket("photos"));
                s3.putObject(b -> b.bucket("photos").key("a.txt"), RequestBody.fromString("alpha"));
                s3.putObject(b -> b.bucket("photos").key("dir/b.bin"), RequestBody.fromBytes(ServeS3Test.random(70_000, 5)));

                EmulatedDiscord.Run busy = dos(desktop, "sync", "--reset");
                assertThat(busy.code()).as(busy.all()).isZero();
                assertThat(busy.out()).contains("S3 buckets: skipped: ").contains("gateway");
            }

            EmulatedDiscord.Run rebuilt = dos(desktop, "sync", "--reset", "--json");
            assertThat(rebuilt.code()).as(rebuilt.all()).isZero();
            JsonNode s3 = rebuilt.json().path("s3");
            assertThat(s3.path("status").asText()).isEqualTo("rebuilt");
            assertThat(s3.path("buckets").asLong()).isEqualTo(1);
            assertThat(s3.path("objects").asLong()).isEqualTo(2);
            assertThat(s3.path("bytes").asLong()).isEqualTo(5 + 70_000);
            assertThat(Files.exists(desktop.resolve(".local/share/dos/s3/s3.db"))).isTrue();

            EmulatedDiscord.Run again = dos(desktop, "sync");
            assertThat(again.code()).as(again.all()).isZero();
            assertThat(again.out()).contains("S3 buckets: up to date, 1 bucket, 2 objects");

            // The rebuilt index is the one the desktop's own gateway serves.
            Map<String, String> desktopEnv = Map.of("HOME", desktop.toString(), "DOS_PASSPHRASE", EmulatedDiscord.PASSPHRASE);
            try (Gateway gateway = Gateway.start(home.resolve("logs"), desktopEnv, List.of());
                 S3Client client = gateway.client()) {
                assertThat(client.listObjectsV2(b -> b.bucket("photos")).contents()).extracting(S3Object::key)
                        .containsExactly("a.txt", "dir/b.bin");
                assertThat(client.getObjectAsBytes(b -> b.bucket("photos").key("a.txt")).asUtf8String()).isEqualTo("alpha");
            }
        }
    }

    private static EmulatedDiscord.Run dos(Path userHome, String... args) {
        return EmulatedDiscord.dosAt(userHome, KeyCosts.TESTING, Map.of("DOS_PASSPHRASE", EmulatedDiscord.PASSPHRASE),
                new ByteArrayInputStream(new byte[0]), args);
    }
}
