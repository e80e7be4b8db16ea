package dev.dos.bench;

import dev.dos.core.crypto.MasterKey;
import dev.dos.core.meta.SqliteMetadataStore;
import dev.dos.core.ops.ProgressListener;
import dev.dos.core.ops.Repository;
import dev.dos.core.ops.RestoreOperation;
import dev.dos.core.ops.UploadOperation;
import dev.dos.core.ops.UploadOptions;
import dev.dos.core.ops.UploadResult;
import dev.dos.core.remote.StorageRemote;
import dev.dos.core.remote.memory.InMemoryRemote;
import dev.dos.emulator.EmulatorAdmin;
import dev.dos.emulator.FaultConfig;
import dev.dos.emulator.RateLimitConfig;
import dev.dos.emulator.RequestRecord;
import dev.dos.emulator.RouteLimit;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Figure 2: one upload and one full download of incompressible data through the real client,
 * against the emulator with Discord's rate limits and an added latency on every request, each
 * against its ceiling: the larger (slower) of the time those limits force for the channels the
 * upload actually used ({@link RateCeiling}) and the time the same work takes our own CPU with no
 * remote in the way ({@link CpuFloor}: packing the input into a sink that drops the chunks; a
 * restore to disk from an in-memory remote), measured in the same run, once before and the rest
 * after the limited run, median. Requests, channels and 429 answers are read from the emulator's request
 * log, not from the client, so they count what Discord would have seen whatever the client
 * believes (and whatever parallelism a future client uses).
 */
final class TransferFigure {
    static final String CREATE_MESSAGE = "POST /channels/{channel.id}/messages";
    static final String GET_MESSAGE = "GET /channels/{channel.id}/messages/{message.id}";

    record Result(long storedBytes, int channels, int posts, double uploadSeconds, double uploadLimitsSeconds,
                  double uploadCpuSeconds, double downloadSeconds, double downloadLimitsSeconds,
                  double downloadCpuSeconds, long tooManyRequests) {
        /** The larger of the rate-limit floor and the CPU floor (pack only). */
        double uploadCeilingSeconds() {
            return Math.max(uploadLimitsSeconds, uploadCpuSeconds);
        }

        /** The larger of the rate-limit floor and the CPU floor (restore to disk from memory). */
        double downloadCeilingSeconds() {
            return Math.max(downloadLimitsSeconds, downloadCpuSeconds);
        }

        double uploadRatio() {
            return uploadCeilingSeconds() / uploadSeconds;
        }

        double downloadRatio() {
            return downloadCeilingSeconds() / downloadSeconds;
        }
    }

    private final Scale scale;
    private final Path work;
    private final PrintStream out;

    TransferFigure(Scale scale, Path work, PrintStream out) {
        this.scale = scale;
        this.work = work;
        this.out = out;
    }

    Result run() throws Exception {
        out.printf("== 2. upload and download vs their ceiling: max(Discord's limits, +%d ms per request;"
                + " the same work's CPU floor)%n", scale.latency().toMillis());
        Path input = work.resolve("transfer");
        long bytes = Inputs.write(input, Inputs.Kind.INCOMPRESSIBLE, scale.transferBytes(), 11);
        CpuFloor floor = new CpuFloor(input, bytes, work.resolve("transfer-floor"), scale);
        floor.sample(); // one sample before the limited run, the rest after it
        RateLimitConfig limits = RateLimitConfig.discordDefaults();
        FaultConfig faults = FaultConfig.builder().latency(scale.latency()).build();
        try (EmulatedStore store = EmulatedStore.start(limits, faults, work.resolve("transfer.db"))) {
            EmulatorAdmin admin = store.emulator().admin();
            StorageRemote remote = store.repo().remote();
            remote.limits(); // learned once per store, as the CLI's first command does
            admin.clearRequests();

            long start = System.nanoTime();
            UploadResult up = new UploadOperation(store.repo(), scale.transfers()).upload(List.of(input), UploadOptions.defaults(),
                    ProgressListener.NONE);
            double upSeconds = (System.nanoTime() - start) / 1e9;
            List<RequestRecord> upLog = admin.requests();
            admin.clearRequests();

            Path restored = work.resolve("transfer-restored");
            start = System.nanoTime();
            RestoreOperation.Report down = new RestoreOperation(store.repo(), scale.transfers()).restore(up.batchId(), restored, List.of(),
                    false, ProgressListener.NONE);
            double downSeconds = (System.nanoTime() - start) / 1e9;
            List<RequestRecord> downLog = admin.requests();
            check(down, bytes);
            Inputs.delete(restored);
            for (int i = 1; i < scale.floorSamples(); i++) {
                floor.sample();
            }

            String index = remote.areaId(StorageRemote.Area.INDEX);
            Map<String, Integer> postsPerChannel = new TreeMap<>();
            for (RequestRecord r : upLog) {
                if (r.route().equals(CREATE_MESSAGE) && r.status() / 100 == 2 && !channelOf(r).equals(index)) {
                    postsPerChannel.merge(channelOf(r), 1, Integer::sum);
                }
            }
            int posts = postsPerChannel.values().stream().mapToInt(Integer::intValue).sum();
            long tooMany = upLog.stream().filter(r -> r.status() == 429).count()
                    + downLog.stream().filter(r -> r.status() == 429).count();
            RouteLimit get = limits.routeOverrides().getOrDefault(GET_MESSAGE, limits.defaultRoute());
            // Upload: the last chunk post's own latency. Download: its link (one message read per
            // post gives the links of all its chunks), then the CDN fetch.
            double upLimits = RateCeiling.seconds(postsPerChannel, limits.messageCreate(), limits.globalPerSecond(),
                    limits.timeScale(), scale.latency(), 1);
            double downLimits = RateCeiling.seconds(postsPerChannel, get, limits.globalPerSecond(),
                    limits.timeScale(), scale.latency(), 2);
            Result r = new Result(up.storedBytes(), postsPerChannel.size(), posts, upSeconds, upLimits,
                    Units.median(floor.packSeconds()), downSeconds, downLimits, Units.median(floor.restoreSeconds()),
                    tooMany);
            double upCeiling = r.uploadCeilingSeconds();
            double downCeiling = r.downloadCeilingSeconds();
            long getMessages = downLog.stream().filter(x -> x.route().equals(GET_MESSAGE)).count();
            long cdn = downLog.stream().filter(x -> x.route().startsWith("GET /attachments/{channel.id}")).count();
            double perPost = posts == 0 ? 0 : up.storedBytes() / (double) posts;
            out.printf("  input %s -> %d chunks in %d posts over %d channel(s); %d requests up, %d down"
                            + " (%d message reads, %d CDN requests)%n", Units.size(bytes), up.chunkCount(), posts,
                    r.channels(), upLog.size(), downLog.size(), getMessages, cdn);
            out.printf("  upload   %s (%s)   ceiling %s (%s; steady state %s)   ratio %s%n",
                    Units.seconds(upSeconds * 1e9), Units.rate(up.storedBytes() / upSeconds),
                    Units.seconds(upCeiling * 1e9), Units.rate(up.storedBytes() / upCeiling),
                    Units.rate(RateCeiling.steadyRate(r.channels(), limits.messageCreate(), limits.globalPerSecond(),
                            limits.timeScale(), perPost)), Units.ratio(r.uploadRatio()));
            out.printf("  download %s (%s)   ceiling %s (%s; steady state %s)   ratio %s%n",
                    Units.seconds(downSeconds * 1e9), Units.rate(up.storedBytes() / downSeconds),
                    Units.seconds(downCeiling * 1e9), Units.rate(up.storedBytes() / downCeiling),
                    Units.rate(RateCeiling.steadyRate(r.channels(), get, limits.globalPerSecond(), limits.timeScale(),
                            perPost)), Units.ratio(r.downloadRatio()));
            out.printf("  rate-limit floor: upload %s, download %s   CPU floor (median of %d): pack only %s (%s),"
                            + " restore to disk from memory %s (%s)%n", Units.seconds(upLimits * 1e9),
                    Units.seconds(downLimits * 1e9), floor.packSeconds().length,
                    Units.seconds(r.uploadCpuSeconds() * 1e9), Units.rate(bytes / r.uploadCpuSeconds()),
                    Units.seconds(r.downloadCpuSeconds() * 1e9), Units.rate(bytes / r.downloadCpuSeconds()));
            out.printf("  ceilings: upload %s, download %s (the larger floor of each)%n",
                    upLimits >= r.uploadCpuSeconds() ? "rate limits" : "CPU",
                    downLimits >= r.downloadCpuSeconds() ? "rate limits" : "CPU");
            out.printf("  429 answers (emulator's request log): %d%n", tooMany);
            if (scale.smoke()) {
                out.println("  (smoke scale: too few posts to meet the rate limits; the ratio mostly shows latency)");
            }
            return r;
        } finally {
            floor.close();
            Inputs.delete(input);
        }
    }

    private static void check(RestoreOperation.Report down, long bytes) throws IOException {
        if (down.result().hasFailures() || down.result().restoredBytes() != bytes) {
            throw new IOException("the benchmark's download did not restore the input: " + down.result());
        }
    }

    /**
     * The same work's CPU floor: {@link PipelineFigure#pack} of the input (what an upload computes,
     * with no remote and no index), and a restore to disk ({@link RestoreOperation}, the same
     * transfers) of the same input uploaded once, untimed, to an {@link InMemoryRemote}: no HTTP,
     * no limits, no latency. Each {@link #sample()} times one of each.
     */
    private static final class CpuFloor implements AutoCloseable {
        private final Path input;
        private final long bytes;
        private final Path dir;
        private final Scale scale;
        private final List<Double> pack = new java.util.ArrayList<>();
        private final List<Double> restore = new java.util.ArrayList<>();
        private InMemoryRemote remote;
        private SqliteMetadataStore metadata;
        private Repository repo;
        private String batchId;

        CpuFloor(Path input, long bytes, Path dir, Scale scale) {
            this.input = input;
            this.bytes = bytes;
            this.dir = dir;
            this.scale = scale;
        }

        void sample() throws Exception {
            pack.add(PipelineFigure.pack(input) / 1e9);
            if (repo == null) {
                java.nio.file.Files.createDirectories(dir);
                remote = new InMemoryRemote();
                metadata = SqliteMetadataStore.open(dir.resolve("index.db"));
                repo = new Repository(remote, metadata, MasterKey.generate());
                batchId = new UploadOperation(repo, scale.transfers()).upload(List.of(input), UploadOptions.defaults(),
                        ProgressListener.NONE).batchId();
            }
            Path restored = dir.resolve("restored");
            long start = System.nanoTime();
            RestoreOperation.Report down = new RestoreOperation(repo, scale.transfers()).restore(batchId, restored,
                    List.of(), false, ProgressListener.NONE);
            restore.add((System.nanoTime() - start) / 1e9);
            check(down, bytes);
            Inputs.delete(restored);
        }

        double[] packSeconds() {
            return pack.stream().mapToDouble(Double::doubleValue).toArray();
        }

        double[] restoreSeconds() {
            return restore.stream().mapToDouble(Double::doubleValue).toArray();
        }

        @Override
        public void close() {
            if (remote != null) {
                remote.close();
                metadata.close();
            }
            Inputs.delete(dir);
        }
    }

    /** The channel id of a {@code /channels/{id}/...} request. */
    private static String channelOf(RequestRecord r) {
        String[] parts = r.path().split("/");
        return parts.length > 2 ? parts[2] : "";
    }
}
