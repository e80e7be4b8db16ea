package dev.dos.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dos.core.remote.BlobUpload;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.RemoteException;
import dev.dos.discord.api.Attachment;
import dev.dos.discord.api.Message;
import dev.dos.testkit.FakeClock;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CDN links expire (here after about a second of the emulator's clock, which the tests move by
 * hand): downloads must get fresh ones, never rely on old ones.
 */
class AttachmentLinksTest {
    /** Past the one-second expiry whatever fraction of its second a link was issued in. */
    private static final Duration PAST_EXPIRY = Duration.ofSeconds(2);

    private final FakeClock clock = FakeClock.startingNow();
    private DiscordFixture discord;
    private DiscordRestClient client;
    private String index;

    @BeforeEach
    void start() throws Exception {
        discord = DiscordFixture.start(DiscordFixture.quiet().linkExpiry(Duration.ofSeconds(1)).clock(clock));
        client = discord.client();
        index = discord.emulator.channelId("index");
    }

    @AfterEach
    void stop() {
        client.close();
        discord.close();
    }

    @Test
    void anExpiredLinkIsRefreshedAndTheDownloadGoesOn() throws Exception {
        byte[] bytes = RetryTest.random(200_000, 1);
        Message message = client.createMessage(index, "soon stale", List.of(new BlobUpload("a.bin", bytes)));
        Attachment stale = message.attachments().getFirst();
        clock.advance(PAST_EXPIRY);
        discord.emulator.admin().clearRequests();

        byte[] downloaded;
        try (InputStream in = client.openAttachment(index, message.id(), stale)) {
            downloaded = in.readAllBytes();
        }

        assertThat(downloaded).isEqualTo(bytes);
        assertThat(discord.requests("POST", "/attachments/refresh-urls")).hasSize(1);
        List<Integer> cdn = discord.requests("GET", "/attachments/").stream().map(r -> r.status()).toList();
        assertThat(cdn).hasSize(2).last().isEqualTo(200);
        assertThat(cdn.getFirst()).isIn(403, 404);
    }

    @Test
    void openingABlobAlwaysStartsFromAFreshLinkSoOldPostsStayReadable() throws Exception {
        byte[] bytes = RetryTest.random(50_000, 2);
        try (DiscordRemote remote = discord.remote()) {
            Post post = remote.post(index, "old", List.of(new BlobUpload("old.bin", bytes)));
            clock.advance(PAST_EXPIRY);
            discord.emulator.admin().clearRequests();

            try (InputStream in = remote.openBlob(post.blobs().getFirst().ref())) {
                assertThat(in.readAllBytes()).isEqualTo(bytes);
            }
        }
        assertThat(discord.requests("POST", "/attachments/refresh-urls")).isEmpty();
        assertThat(discord.requests()).extracting(r -> r.status()).containsOnly(200);
    }

    @Test
    void aStaleLinkToADeletedMessageIsNotFound() throws Exception {
        Message message = client.createMessage(index, "doomed", List.of(new BlobUpload("d.bin", new byte[1000])));
        Attachment stale = message.attachments().getFirst();
        discord.emulator.admin().deleteMessage(index, message.id());

        assertThatThrownBy(() -> client.openAttachment(index, message.id(), stale))
                .isInstanceOf(RemoteException.NotFound.class);
    }
}
