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
import dev.dos.core.pack.UnreadablePolicy;
import dev.dos.emulator.FaultConfig;
import dev.dos.emulator.RateLimitConfig;
import dev.dos.emulator.RequestRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads and downloads with several transfers against an emulator that enforces Discord's
 * default limits (twice as fast: a thread takes 5 posts per 2.5 s) with a little latency: lanes multiply the posting rate, the
 * limiter keeps every worker of every upload inside its buckets (not one 429), and a restore reads
 * the messages of a lane a page at a time instead of one request per chunk.
 */
class TransfersOverDiscordTest {
    /** 8 KiB chunks, so a small input makes several posts (10 chunks each). */
    private static final UploadOptions SMALL_CHUNKS =
            new UploadOptions(Compression.DEFAULT, 8192, false, UnreadablePolicy.ABORT, null);

    private static DiscordFixture discord;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void startEmulator() throws Exception {
        discord = DiscordFixture.start(DiscordFixture.quiet()
                .rateLimits(RateLimitConfig.discordDefaults().toBuilder().timeScale(2).build())
                .faults(FaultConfig.none().toBuilder().latency(Duration.ofMillis(5)).build()));
    }

    @AfterAll
    static void stop() {
        discord.close();
    }

    @Test
    void fourLanesPostFasterThanOneAndConcurrentUploadsDrawNo429() throws Exception {
        Path src = source("rate", 640_000); // 80 chunks: 8 posts
        try (DiscordRemote remote = discord.remote();
             SqliteMetadataStore metadata = SqliteMetadataStore.open(tmp.resolve("rate.db"))) {
            Repository repo = new Repository(remote, metadata, MasterKey.generate());
            new UploadOperation(repo, TransferOptions.serial()).upload(List.of(src), SMALL_CHUNKS,
                    ProgressListener.NONE); // warms up: buckets learned, connections open
            long serial = timed(() -> new UploadOperation(repo, TransferOptions.serial()).upload(List.of(src),
                    SMALL_CHUNKS, ProgressListener.NONE));
            long four = timed(() -> new UploadOperation(repo, new TransferOptions(4, 0)).upload(List.of(src),
                    SMALL_CHUNKS, ProgressListener.NONE));
            assertThat(four).as("4 lanes took %d ms, 1 lane %d ms", four, serial).isLessThan(serial * 6 / 10);

            // Three uploads at once, four workers each, all under one client and its limiter.
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<UploadResult>> runs = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    runs.add(pool.submit(() -> new UploadOperation(repo, new TransferOptions(4, 0))
                            .upload(List.of(src), SMALL_CHUNKS, ProgressListener.NONE)));
                }
                for (Future<UploadResult> run : runs) {
                    assertThat(run.get().chunkCount()).isGreaterThan(70);
                }
            }
        }
        assertThat(discord.requests()).hasSizeGreaterThan(100)
                .noneSatisfy(r -> assertThat(r.status()).isEqualTo(429));
    }

    @Test
    void aRestoreReadsEachLaneAPageAtATimeAndFetchesInParallel() throws Exception {
        Path src = source("restore", 640_000);
        try (DiscordRemote remote = discord.remote();
             SqliteMetadataStore metadata = SqliteMetadataStore.open(tmp.resolve("restore.db"))) {
            Repository repo = new Repository(remote, metadata, MasterKey.generate());
            UploadResult up = new UploadOperation(repo, new TransferOptions(4, 0)).upload(List.of(src),
                    SMALL_CHUNKS, ProgressListener.NONE);
            discord.emulator.admin().clearRequests();

            Path out = tmp.resolve("restored");
            RestoreOperation.Report report = new RestoreOperation(repo, new TransferOptions(4, 0))
                    .restore(up.batchId(), out, List.of(), false, ProgressListener.NONE);

            assertThat(report.result().hasFailures()).isFalse();
            assertThat(Files.readAllBytes(out.resolve("restore/data.bin")))
                    .isEqualTo(Files.readAllBytes(src.resolve("data.bin")));
            List<RequestRecord> oneMessage = discord.requests().stream()
                    .filter(r -> r.route().equals("GET /channels/{channel.id}/messages/{message.id}")).toList();
            List<RequestRecord> pages = discord.requests().stream()
                    .filter(r -> r.route().equals("GET /channels/{channel.id}/messages")).toList();
            // Chunk messages are read a page at a time. Read alone: the restore's access check, before
            // anything is written (a refused token must not show as every chunk damaged), and the post
            // of a lane that got a single post (workers race, so under load a lane may get just one).
            assertThat(oneMessage).as("messages read one by one").hasSizeLessThanOrEqualTo(1 + 4);
            // One request per lane (a few more if workers raced): a page, or a lone post read alone.
            assertThat(pages.size() + oneMessage.size() - 1).as("requests reading the lanes' posts").isBetween(4, 8);
            assertThat(discord.requests()).noneSatisfy(r -> assertThat(r.status()).isEqualTo(429));
        }
    }

    private static Path source(String name, int bytes) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        byte[] data = new byte[bytes];
        new Random(name.hashCode()).nextBytes(data);
        Files.write(dir.resolve("data.bin"), data);
        return dir;
    }

    private interface Run {
        Object run() throws Exception;
    }

    private static long timed(Run run) throws Exception {
        long start = System.nanoTime();
        run.run();
        return (System.nanoTime() - start) / 1_000_000;
    }
}
