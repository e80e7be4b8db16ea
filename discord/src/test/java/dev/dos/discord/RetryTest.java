package dev.dos.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dos.core.remote.BlobUpload;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.StorageRemote.Area;
import dev.dos.emulator.FaultConfig;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Failures that may pass are retried with backoff; the rest fail at once. Seeded faults replay exactly. */
class RetryTest {
    private DiscordFixture discord;
    private DiscordRemote remote;
    private String index;

    @BeforeEach
    void start() throws Exception {
        discord = DiscordFixture.start(DiscordFixture.quiet());
        remote = discord.remote();
        index = remote.areaId(Area.INDEX);
    }

    @AfterEach
    void stop() {
        remote.close();
        discord.close();
    }

    private void faults(FaultConfig.Builder faults) {
        discord.emulator.admin().setFaults(faults.build());
        discord.emulator.admin().clearRequests();
    }

    @Test
    void serverErrorsAreRetriedUntilTheRequestGoesThrough() throws Exception {
        faults(FaultConfig.builder().seed(7).error500(0.2).error502(0.1).error503(0.1));

        for (int i = 0; i < 20; i++) {
            remote.post(index, "post " + i, List.of());
        }

        discord.emulator.admin().setFaults(FaultConfig.none());
        assertThat(discord.requests().stream().filter(r -> r.status() >= 500).count()).isPositive();
        assertThat(remote.listPosts(index, null, 100)).extracting(Post::text).hasSize(20);
    }

    @Test
    void serverErrorsThatDoNotPassEndAsTransientAfterTheConfiguredAttempts() {
        faults(FaultConfig.builder().seed(1).error503(1.0));

        assertThatThrownBy(() -> remote.post(index, "never", List.of()))
                .isInstanceOf(RemoteException.Transient.class)
                .hasMessageContaining("after 5 attempts").hasMessageContaining("503");
        assertThat(discord.requests("POST", "/messages")).hasSize(5);
    }

    @Test
    void clientErrorsAreNotRetried() {
        assertThatThrownBy(() -> remote.editText(index, "1234567", "no such post"))
                .isInstanceOf(RemoteException.NotFound.class);

        assertThat(discord.requests("PATCH", "/messages")).hasSize(1);
    }

    @Test
    void aConnectionResetWhileSendingIsRetriedAndPostsExactlyOnce() throws Exception {
        faults(FaultConfig.builder().seed(11).resetMidRequest(0.4));
        byte[] bytes = random(300_000, 1);

        for (int i = 0; i < 6; i++) {
            remote.post(index, "upload " + i, List.of(new BlobUpload("chunk.bin", bytes)));
        }

        assertThat(discord.requests().stream().filter(r -> r.status() == 0).count()).as("resets happened").isPositive();
        discord.emulator.admin().setFaults(FaultConfig.none());
        assertThat(remote.listPosts(index, null, 100)).extracting(Post::text)
                .containsExactly("upload 0", "upload 1", "upload 2", "upload 3", "upload 4", "upload 5");
    }

    @Test
    void aThreadWhoseCreationAnswerWasLostLeavesNoTwinBehind() throws Exception {
        // Half the requests are carried out but their answer is lost: a retried thread creation
        // then made two threads, and the batch kept an orphan twin its delete never found.
        faults(FaultConfig.builder().seed(5).resetAfterCommit(0.5));
        List<String> created = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            created.add(remote.createContainer("dos-twin-" + i));
        }

        assertThat(discord.requests().stream().filter(r -> r.status() == 0 && r.method().equals("POST")
                && r.route().endsWith("/threads")).count()).as("creations whose answer was lost").isPositive();
        discord.emulator.admin().setFaults(FaultConfig.none());
        assertThat(remote.listContainers().stream().filter(c -> c.name().startsWith("dos-twin-")))
                .extracting(dev.dos.core.remote.ContainerInfo::id).containsExactlyInAnyOrderElementsOf(created);
    }

    @Test
    void aPostWhoseAnswerWasLostIsStoredOnce() throws Exception {
        // Half the requests are carried out but their answer is lost. Without an enforced nonce a
        // retried post stored a second copy: a batch card twice, one of which its delete never
        // found (seen by the soak run of faults-reset-upload).
        String container = remote.createContainer("dos-posts-once");
        faults(FaultConfig.builder().seed(5).resetAfterCommit(0.5));
        List<String> posted = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            posted.add(remote.post(container, "card " + i, List.of(new BlobUpload("c" + i + ".bin", random(100, i))))
                    .id());
        }

        assertThat(discord.requests().stream().filter(r -> r.status() == 0 && r.method().equals("POST")
                && r.route().endsWith("/messages")).count()).as("posts whose answer was lost").isPositive();
        discord.emulator.admin().setFaults(FaultConfig.none());
        assertThat(remote.listPosts(container, null, 100)).extracting(Post::id)
                .containsExactlyInAnyOrderElementsOf(posted);
    }

    @Test
    void aDownloadCutOffMidwayResumesAndDeliversIdenticalBytes() throws Exception {
        byte[] bytes = random(3_000_000, 2);
        Post post = remote.post(index, "big", List.of(new BlobUpload("big.bin", bytes)));
        // seed 6: the first download is cut (draw 0.73 < 0.75), the resumed one is not (draw 0.78)
        faults(FaultConfig.builder().seed(6).resetMidDownload(0.75));

        byte[] downloaded;
        try (InputStream in = remote.openBlob(post.blobs().getFirst().ref())) {
            downloaded = in.readAllBytes();
        }

        assertThat(downloaded).isEqualTo(bytes);
        assertThat(discord.requests("GET", "/attachments/")).as("the download was resumed").hasSizeGreaterThan(1);
    }

    @Test
    void aDownloadThatIsAlwaysCutOffFailsInsteadOfDeliveringPartialBytes() throws Exception {
        byte[] bytes = random(1_000_000, 3);
        Post post = remote.post(index, "doomed", List.of(new BlobUpload("doomed.bin", bytes)));
        faults(FaultConfig.builder().seed(6).resetMidDownload(1.0));

        assertThatThrownBy(() -> {
            try (InputStream in = remote.openBlob(post.blobs().getFirst().ref())) {
                in.readAllBytes();
            }
        }).isInstanceOf(IOException.class).hasMessageContaining("failed 5 times in a row");
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
