package dev.dos.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.core.compress.Compression;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.meta.ChunkState;
import dev.dos.core.meta.SqliteMetadataStore;
import dev.dos.core.ops.DeleteOperation;
import dev.dos.core.ops.ProgressListener;
import dev.dos.core.ops.Repository;
import dev.dos.core.ops.RestoreOperation;
import dev.dos.core.ops.StoreForge;
import dev.dos.core.ops.SyncListener;
import dev.dos.core.ops.SyncOperation;
import dev.dos.core.ops.SyncReport;
import dev.dos.core.ops.TransferOptions;
import dev.dos.core.ops.UploadOperation;
import dev.dos.core.ops.UploadOptions;
import dev.dos.core.pack.UnreadablePolicy;
import dev.dos.core.remote.BlobRef;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.StorageRemote;
import dev.dos.core.remote.Tickers;
import dev.dos.emulator.RateLimitConfig;
import dev.dos.emulator.RequestRecord;
import dev.dos.testkit.FakeClock;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/FORMAT.md section 17 against the emulator with Discord's rate limits (run 100 times faster),
 * counted in the emulator's own request log (what Discord would see; CDN downloads apart), every
 * request checked against Discord's OpenAPI description by the emulator's test extension: a rebuild
 * costs at most a tenth of a request per batch and draws no 429, an idle sync the same few requests
 * at any size, a deletion elsewhere is noticed within 10 requests, chunks are looked up lazily for a
 * byte-identical restore, and links that expired are refreshed in bulk, never one message at a time.
 */
class SyncOverDiscordTest {
    private static final RateLimitConfig LIMITS = RateLimitConfig.discordDefaults().toBuilder().timeScale(100).build();

    @TempDir
    Path tmp;

    private final FakeClock clock = FakeClock.running();
    private final List<AutoCloseable> open = new ArrayList<>();
    private DiscordFixture discord;
    private final MasterKey key = MasterKey.generate();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        if (discord != null) {
            discord.close();
        }
    }

    private void start(boolean refreshUrls) throws Exception {
        discord = DiscordFixture.start(DiscordFixture.quiet().rateLimits(LIMITS).clock(clock).refreshUrls(refreshUrls));
    }

    /** A machine: the product's Discord remote and a SQLite index of its own, this store's key. */
    private Repository machine(String name) {
        DiscordRemote remote = discord.remote();
        SqliteMetadataStore metadata = SqliteMetadataStore.open(tmp.resolve(name + ".db"));
        open.add(remote);
        open.add(metadata);
        return new Repository(remote, metadata, key);
    }

    /**
     * Writes {@code count} batches through four clients at once: each paces itself to Discord's global
     * 50 requests a second, so one alone would take longer than the test needs to.
     */
    private List<String> forge(int count) throws Exception {
        List<StoreForge> forges = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            DiscordRemote remote = discord.remote();
            open.add(remote);
            forges.add(new StoreForge(remote, key, tmp.resolve("forge-" + i)));
        }
        List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        try (java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<List<String>>> parts = new ArrayList<>();
            for (int i = 0; i < forges.size(); i++) {
                StoreForge forge = forges.get(i);
                int share = count / forges.size() + (i < count % forges.size() ? 1 : 0);
                parts.add(pool.submit(() -> forge.forge(share, 2)));
            }
            for (java.util.concurrent.Future<List<String>> part : parts) {
                ids.addAll(part.get());
            }
        }
        return List.copyOf(ids);
    }

    /** API requests since the log was cleared: everything but CDN downloads. */
    private List<RequestRecord> api() {
        return discord.requests().stream().filter(r -> !r.route().startsWith("GET /attachments/")).toList();
    }

    private long count(String route) {
        return discord.requests().stream().filter(r -> r.route().equals(route)).count();
    }

    @Test
    void aResetCostsAtMostATenthOfARequestPerBatchAndNoMessageReadPerCard() throws Exception {
        start(true);
        List<String> ids = forge(300);
        Repository fresh = machine("fresh");
        discord.emulator.admin().clearRequests();

        SyncReport report = new SyncOperation(fresh).reset(SyncListener.NONE);

        assertThat(report.added()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(report.issues()).isEmpty();
        List<RequestRecord> requests = api();
        assertThat(requests.size() / 300.0).as("requests per batch: %s", requests).isLessThanOrEqualTo(0.1);
        assertThat(count("GET /channels/{channel.id}/messages/{message.id}")).as("no card read again").isZero();
        assertThat(count("POST /attachments/refresh-urls")).as("the listing's links were fresh").isZero();
        assertThat(discord.requests()).as("the limiter waits instead").noneMatch(r -> r.status() == 429);
        assertThat(discord.requests().stream().filter(r -> r.route().startsWith("GET /attachments/")).count())
                .as("one CDN download per manifest").isEqualTo(300);
    }

    @Test
    void anIdleSyncCostsTheSameFewRequestsAt10AndAt300BatchesAndADeletionIsNoticedWithin10() throws Exception {
        start(true);
        Repository laptop = machine("laptop");
        Repository desktop = machine("desktop");
        List<Integer> idle = new ArrayList<>();
        int made = 0;
        for (int size : new int[] {10, 300}) {
            made += forge(size - made).size();
            new SyncOperation(desktop).sync(SyncListener.NONE);
            discord.emulator.admin().clearRequests();
            SyncReport nothing = new SyncOperation(desktop).sync(SyncListener.NONE);
            idle.add(api().size());
            assertThat(nothing.cardsRead()).isZero();
        }
        assertThat(idle.getFirst()).as("an idle sync at 10 batches").isLessThanOrEqualTo(5);
        assertThat(idle).as("the same at 10 and at 300 batches (three index pages, 300 threads)")
                .containsOnly(idle.getFirst());

        SyncReport synced = new SyncOperation(laptop).sync(SyncListener.NONE);
        String doomed = synced.added().get(42);
        new DeleteOperation(laptop).delete(doomed);
        discord.emulator.admin().clearRequests();
        SyncReport noticed = new SyncOperation(desktop).sync(SyncListener.NONE);
        assertThat(noticed.removed()).containsExactly(doomed);
        assertThat(api()).as("a deletion elsewhere is noticed within 10 requests").hasSizeLessThanOrEqualTo(10);
    }

    @Test
    void chunksAreLookedUpLazilyAfterAResetForAByteIdenticalRestore() throws Exception {
        start(true);
        Path src = Files.createDirectories(tmp.resolve("src"));
        byte[] data = new byte[400_000];
        new Random(11).nextBytes(data);
        Files.write(src.resolve("data.bin"), data);
        Files.writeString(src.resolve("note.txt"), "hello");
        Repository laptop = machine("laptop");
        UploadOptions small = new UploadOptions(Compression.DEFAULT, 16_384, false, UnreadablePolicy.ABORT, null);
        String id = new UploadOperation(laptop, new TransferOptions(3, 0)).upload(List.of(src), small,
                ProgressListener.NONE).batchId();

        Repository desktop = machine("desktop");
        new SyncOperation(desktop).reset(SyncListener.NONE);
        assertThat(desktop.metadata().chunks(id)).allMatch(c -> c.state() == ChunkState.REMOTE);
        discord.emulator.admin().clearRequests();

        RestoreOperation.Report restored = new RestoreOperation(desktop, new TransferOptions(3, 0))
                .restore(id, tmp.resolve("out"), List.of(), false, ProgressListener.NONE);

        assertThat(restored.result().hasFailures()).isFalse();
        assertThat(Files.readAllBytes(tmp.resolve("out/src/data.bin"))).isEqualTo(data);
        assertThat(Files.readString(tmp.resolve("out/src/note.txt"))).isEqualTo("hello");
        assertThat(desktop.metadata().chunks(id)).isEqualTo(laptop.metadata().chunks(id));
        assertThat(count("GET /channels/{channel.id}/messages/{message.id}"))
                .as("the lanes' listing gave every link: no message read per chunk (one permission probe)")
                .isLessThanOrEqualTo(1);
        assertThat(api()).as("one page per lane (and a permission probe)").hasSizeLessThanOrEqualTo(5);
    }

    @Test
    void linksThatExpiredAreRefreshedInBulkFiftyPerRequest() throws Exception {
        start(true);
        List<String> ids = forge(120);
        try (DiscordRemote remote = new DiscordRemote(discord.settings().build(), discord.client(), Tickers.of(clock))) {
            List<BlobRef> manifests = listedManifests(remote);
            assertThat(manifests).hasSize(ids.size());
            clock.advance(Duration.ofHours(25)); // every link the listing gave has expired
            discord.emulator.admin().clearRequests();

            remote.expectReads(manifests);
            for (BlobRef ref : manifests) {
                try (InputStream in = remote.openBlob(ref)) {
                    assertThat(in.readAllBytes()).isNotEmpty();
                }
            }
        }
        assertThat(count("POST /attachments/refresh-urls")).as("120 links, 50 per request").isEqualTo(3);
        assertThat(count("GET /channels/{channel.id}/messages/{message.id}")).isZero();
        assertThat(discord.requests()).filteredOn(r -> r.route().startsWith("GET /attachments/"))
                .hasSize(120).allMatch(r -> r.status() == 200);
    }

    @Test
    void whereRefreshUrlsIsWithdrawnExpiredLinksAreRenewedAPageOfMessagesAtATime() throws Exception {
        start(false);
        List<String> ids = forge(120);
        try (DiscordRemote remote = new DiscordRemote(discord.settings().build(), discord.client(), Tickers.of(clock))) {
            List<BlobRef> manifests = listedManifests(remote);
            clock.advance(Duration.ofHours(25));
            discord.emulator.admin().clearRequests();

            remote.expectReads(manifests);
            for (BlobRef ref : manifests) {
                try (InputStream in = remote.openBlob(ref)) {
                    assertThat(in.readAllBytes()).isNotEmpty();
                }
            }
            assertThat(manifests).hasSize(ids.size());
        }
        assertThat(count("POST /attachments/refresh-urls")).as("asked once").isEqualTo(1);
        assertThat(count("GET /channels/{channel.id}/messages")).as("two pages of 100").isEqualTo(2);
        assertThat(count("GET /channels/{channel.id}/messages/{message.id}")).isZero();
        assertThat(discord.requests()).filteredOn(r -> r.route().startsWith("GET /attachments/"))
                .hasSize(120).allMatch(r -> r.status() == 200);
    }

    /** The manifest blobs of every card, listed (so the remote keeps the links the listing gave). */
    private static List<BlobRef> listedManifests(StorageRemote remote) throws Exception {
        List<BlobRef> refs = new ArrayList<>();
        String index = remote.areaId(StorageRemote.Area.INDEX);
        String after = null;
        while (true) {
            List<Post> page = remote.listPosts(index, after, 100);
            page.stream().flatMap(p -> p.blobs().stream()).forEach(b -> refs.add(b.ref()));
            if (page.size() < 100) {
                return refs;
            }
            after = page.getLast().id();
        }
    }

}
