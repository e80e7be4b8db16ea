package dev.dos.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.core.compress.Compression;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.meta.SqliteMetadataStore;
import dev.dos.core.ops.ProgressListener;
import dev.dos.core.ops.Repository;
import dev.dos.core.ops.RestoreOperation;
import dev.dos.core.ops.TransferOptions;
import dev.dos.core.ops.UploadOperation;
import dev.dos.core.ops.UploadOptions;
import dev.dos.core.ops.UploadResult;
import dev.dos.core.ops.VerifyOperation;
import dev.dos.core.pack.UnreadablePolicy;
import dev.dos.core.remote.BlobUpload;
import dev.dos.discord.api.Attachment;
import dev.dos.discord.api.Message;
import dev.dos.emulator.RequestRecord;
import dev.dos.testkit.FakeClock;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /attachments/refresh-urls} is undocumented and may disappear. With the emulator
 * answering 404 there, links that expired are renewed the documented way, by reading their message
 * again: downloads, restores and verifies still succeed, and the withdrawn route is asked once.
 */
class RefreshUrlsWithdrawnTest {
    private static final UploadOptions SMALL_CHUNKS =
            new UploadOptions(Compression.DEFAULT, 8192, false, UnreadablePolicy.ABORT, null);

    private final FakeClock clock = FakeClock.startingNow();
    private DiscordFixture discord;

    @TempDir
    Path tmp;

    @BeforeEach
    void start() throws Exception {
        discord = DiscordFixture.start(DiscordFixture.quiet().clock(clock).refreshUrls(false));
    }

    @AfterEach
    void stop() {
        discord.close();
    }

    @Test
    void anExpiredLinkIsRenewedByReadingTheMessageAgain() throws Exception {
        String index = discord.emulator.channelId("index");
        byte[] bytes = RetryTest.random(100_000, 3);
        try (DiscordRestClient client = discord.client()) {
            Message message = client.createMessage(index, "stale soon", List.of(new BlobUpload("a.bin", bytes),
                    new BlobUpload("b.bin", bytes)));
            clock.advance(Duration.ofHours(25));
            discord.emulator.admin().clearRequests();

            for (Attachment stale : message.attachments()) {
                try (InputStream in = client.openAttachment(index, message.id(), stale)) {
                    assertThat(in.readAllBytes()).isEqualTo(bytes);
                }
            }
        }
        assertThat(discord.requests("POST", "/attachments/refresh-urls")).as("asked once, then left alone")
                .singleElement().extracting(RequestRecord::status).isEqualTo(404);
        assertThat(discord.requests("GET", "/messages/")).as("each stale link renewed by reading its message")
                .hasSize(2).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    }

    @Test
    void aRestoreAndAVerifyOfABatchWhoseLinksExpiredSucceed() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        byte[] data = new byte[120_000];
        new Random(7).nextBytes(data);
        Files.write(src.resolve("data.bin"), data);
        try (DiscordRemote remote = discord.remote();
             SqliteMetadataStore metadata = SqliteMetadataStore.open(tmp.resolve("index.db"))) {
            Repository repo = new Repository(remote, metadata, MasterKey.generate());
            TransferOptions two = new TransferOptions(2, 0);
            UploadResult up = new UploadOperation(repo, two).upload(List.of(src), SMALL_CHUNKS, ProgressListener.NONE);
            // Warm the remote's message cache, then let every link it holds expire.
            assertThat(new VerifyOperation(repo, two).verify(up.batchId(), false, ProgressListener.NONE).ok()).isTrue();
            clock.advance(Duration.ofHours(25));

            RestoreOperation.Report restored = new RestoreOperation(repo, two)
                    .restore(up.batchId(), tmp.resolve("out"), List.of(), false, ProgressListener.NONE);
            VerifyOperation.Report verified = new VerifyOperation(repo, two).verify(up.batchId(), true,
                    ProgressListener.NONE);

            assertThat(restored.result().hasFailures()).isFalse();
            assertThat(Files.readAllBytes(tmp.resolve("out/src/data.bin"))).isEqualTo(data);
            assertThat(verified.ok()).isTrue();
        }
        assertThat(discord.requests("GET", "/attachments/")).as("the CDN refused expired links")
                .anySatisfy(r -> assertThat(r.status()).isEqualTo(404));
        assertThat(discord.requests("POST", "/attachments/refresh-urls")).as("asked once by all workers together")
                .singleElement().extracting(RequestRecord::status).isEqualTo(404);
    }
}
