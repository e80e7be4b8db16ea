package dev.dos.bench;

import dev.dos.core.crypto.MasterKey;
import dev.dos.core.format.BatchId;
import dev.dos.core.format.BatchManifest;
import dev.dos.core.format.ChunkTarget;
import dev.dos.core.format.EncodedChunk;
import dev.dos.core.format.ManifestCodec;
import dev.dos.core.meta.SqliteMetadataStore;
import dev.dos.core.ops.BatchCard;
import dev.dos.core.ops.RemoteNames;
import dev.dos.core.ops.Repository;
import dev.dos.core.ops.SyncListener;
import dev.dos.core.ops.SyncOperation;
import dev.dos.core.ops.SyncReport;
import dev.dos.core.pack.BatchPacker;
import dev.dos.core.pack.PackOptions;
import dev.dos.core.remote.BlobUpload;
import dev.dos.core.remote.StorageRemote;
import dev.dos.emulator.DiscordEmulator;
import dev.dos.emulator.EmulatorConfig;
import dev.dos.emulator.FaultConfig;
import dev.dos.emulator.RateLimitConfig;
import dev.dos.emulator.RequestRecord;
import dev.dos.emulator.RouteLimit;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Figure 6: {@code dos sync --reset} of a store of many batches (10,000; smoke 1,000) through the
 * real client and a real SQLite index, against the emulator with <b>Discord's limits</b> and an added
 * latency on every request, against the floor those limits force on the requests the rebuild sent
 * (read from the emulator's request log); the requests per batch; and what an idle {@code dos sync}
 * costs afterwards (docs/FORMAT.md section 17, docs/PERFORMANCE.md).
 *
 * <p>Filling a store of 10,000 batches through uploads under Discord's limits would take hours (5
 * cards per 5 s in the index channel), so the store is written first with the emulator's limits off,
 * by a bench-only forger that stores each batch as an upload leaves it (a thread, archived; a card
 * with the batch's encrypted manifest, made by the product's packer, codec and card) minus the chunk
 * posts, which a rebuild never reads; the emulator keeps it in a data folder and is started again on
 * it with the limits on for the measurement.
 */
final class SyncFigure {
    static final String CDN_PREFIX = "GET /attachments/";

    record Result(int batches, long requests, double seconds, double floorSeconds, long idleRequests,
                  long tooManyRequests) {
        double requestsPerBatch() {
            return requests / (double) batches;
        }

        double vsFloor() {
            return seconds / floorSeconds;
        }
    }

    private final Scale scale;
    private final Path work;
    private final PrintStream out;

    SyncFigure(Scale scale, Path work, PrintStream out) {
        this.scale = scale;
        this.work = work;
        this.out = out;
    }

    Result run() throws Exception {
        int batches = scale.syncBatches();
        out.printf("== 6. sync --reset of %,d batches vs the floor Discord's limits force (+%d ms per request)%n",
                batches, scale.latency().toMillis());
        Path data = Files.createDirectories(work.resolve("sync-emulator"));
        MasterKey key = MasterKey.generate();
        long start = System.nanoTime();
        try (DiscordEmulator seeding = DiscordEmulator.start(EmulatorConfig.builder().port(0).dataDir(data)
                .rateLimits(RateLimitConfig.disabled()).faults(FaultConfig.none()).seed(42).build())) {
            forge(seeding.describeJson(), key, batches);
        }
        out.printf("  store written in %s (limits off: %,d threads archived, %,d cards with their manifests)%n",
                Units.seconds(System.nanoTime() - start), batches, batches);

        RateLimitConfig limits = RateLimitConfig.discordDefaults();
        FaultConfig faults = FaultConfig.builder().latency(scale.latency()).build();
        try (DiscordEmulator discord = DiscordEmulator.start(EmulatorConfig.builder().port(0).dataDir(data)
                .rateLimits(limits).faults(faults).seed(42).build());
             SqliteMetadataStore metadata = SqliteMetadataStore.open(work.resolve("sync.db"))) {
            Repository repo = new Repository(EmulatedStore.remote(discord.describeJson()), metadata, key);
            try {
                discord.admin().clearRequests();
                long t0 = System.nanoTime();
                SyncReport report = new SyncOperation(repo).reset(SyncListener.NONE);
                double seconds = (System.nanoTime() - t0) / 1e9;
                List<RequestRecord> log = discord.admin().requests();
                if (report.cardsRead() != batches || report.added().size() != batches || !report.issues().isEmpty()) {
                    throw new IOException("the rebuild did not find every batch: " + report.cardsRead() + " cards of "
                            + batches + ", issues " + report.issues().stream().limit(3).toList());
                }
                List<RequestRecord> api = log.stream().filter(r -> !r.route().startsWith(CDN_PREFIX)).toList();
                long cdn = log.size() - api.size();
                long tooMany = log.stream().filter(r -> r.status() == 429).count();
                Map<String, Integer> perBucket = new TreeMap<>();
                api.forEach(r -> perBucket.merge(r.route() + " " + major(r), 1, Integer::sum));
                double floor = floorSeconds(perBucket, api.size(), limits) + scale.latency().toMillis() / 1000.0;

                discord.admin().clearRequests();
                SyncReport idle = new SyncOperation(repo).sync(SyncListener.NONE);
                long idleRequests = discord.admin().requests().stream()
                        .filter(r -> !r.route().startsWith(CDN_PREFIX)).count();
                if (idle.cardsRead() != 0) {
                    throw new IOException("an idle sync read cards: " + idle.cardsRead());
                }

                Result r = new Result(batches, api.size(), seconds, floor, idleRequests, tooMany);
                out.printf("  reset    %s   floor %s   ratio %s   %,d API requests (%s per batch), %,d CDN"
                                + " downloads, %d answered 429%n", Units.seconds(seconds * 1e9),
                        Units.seconds(floor * 1e9), Units.ratio(r.vsFloor()), api.size(),
                        String.format(java.util.Locale.ROOT, "%.4f", r.requestsPerBatch()), cdn, tooMany);
                perBucket.forEach((bucket, n) -> out.printf("    %5d  %s%n", n, bucket));
                int waits = perBucket.values().stream().mapToInt(n -> (n + 4) / 5 - 1).max().orElse(0);
                if (waits > 0) {
                    out.printf("  the busiest bucket waits for %d window resets of 1 s; measured %s per reset (the"
                            + " client waits for each reset plus a 50 ms margin, then a request's latency)%n", waits,
                            Units.seconds((seconds - scale.latency().toMillis() / 1000.0) * 1e9 / waits));
                }
                out.printf("  idle sync afterwards: %d requests%n", idleRequests);
                out.printf("  (floor: each bucket of n requests allowing L per window W sends its last no earlier than"
                        + " (ceil(n/L) - 1) * W, the global %d/s likewise; plus one request's latency)%n",
                        limits.globalPerSecond());
                if (scale.smoke()) {
                    out.println("  (smoke scale: ten index pages; the ratio mostly shows latency and start-up)");
                }
                return r;
            } finally {
                repo.remote().close();
            }
        } finally {
            Inputs.delete(data);
        }
    }

    /** The major parameter of a request (the channel or guild id its bucket is per). */
    private static String major(RequestRecord r) {
        String[] parts = r.path().split("/");
        return parts.length > 2 && (parts[1].equals("channels") || parts[1].equals("guilds")) ? parts[2] : "";
    }

    /** The floor the limits force: the slowest bucket, or the global limit, whichever is later. */
    static double floorSeconds(Map<String, Integer> perBucket, int total, RateLimitConfig limits) {
        double bound = Math.ceil(total / (double) limits.globalPerSecond()) - 1;
        for (Map.Entry<String, Integer> e : perBucket.entrySet()) {
            String route = e.getKey().substring(0, e.getKey().lastIndexOf(' '));
            RouteLimit limit = limits.routeOverrides().getOrDefault(route,
                    route.equals(TransferFigure.CREATE_MESSAGE) ? limits.messageCreate() : limits.defaultRoute());
            bound = Math.max(bound, (Math.ceil(e.getValue() / (double) limit.limit()) - 1)
                    * limit.window().toMillis() / 1000.0);
        }
        return Math.max(0, bound) / limits.timeScale();
    }

    /**
     * Writes {@code count} batches the way an upload leaves them, minus the chunk posts: one small file
     * packed, encrypted and described by the product's own code, a thread (archived), a card. Sixteen
     * clients at once, since each paces itself to Discord's global 50 requests a second.
     */
    private static void forge(String describeJson, MasterKey key, int count) throws Exception {
        Path file = Files.createTempFile("dos-bench-forge", ".txt");
        Files.writeString(file, "a small file, stored many times\n");
        int clients = 16;
        AtomicInteger left = new AtomicInteger(count);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> runs = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                runs.add(pool.submit(() -> {
                    try (StorageRemote remote = EmulatedStore.remote(describeJson)) {
                        String index = remote.areaId(StorageRemote.Area.INDEX);
                        while (left.getAndDecrement() > 0) {
                            BatchId id = BatchId.random();
                            List<EncodedChunk> chunks = new ArrayList<>();
                            BatchManifest manifest = new BatchPacker(key, PackOptions.defaults().withChunkTarget(new ChunkTarget(64 * 1024)))
                                    .pack(id, List.of(file), chunks::add);
                            String thread = remote.createContainer(RemoteNames.container(id));
                            byte[] envelope = ManifestCodec.encode(manifest, key);
                            BatchCard card = new BatchCard(id.hex(), Instant.now(), thread, manifest.chunkCount(),
                                    BatchManifest.FORMAT_VERSION, key.fingerprint().hex());
                            remote.post(index, card.render(),
                                    List.of(new BlobUpload(RemoteNames.manifest(id, 0), envelope)));
                            remote.sealContainer(thread);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
