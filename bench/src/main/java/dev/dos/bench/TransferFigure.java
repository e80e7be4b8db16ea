package dev.dos.bench;

import dev.dos.core.ops.ProgressListener;
import dev.dos.core.ops.RestoreOperation;
import dev.dos.core.ops.UploadOperation;
import dev.dos.core.ops.UploadOptions;
import dev.dos.core.ops.UploadResult;
import dev.dos.core.remote.StorageRemote;
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
 * against the ceiling those limits allow for the channels the upload actually used
 * ({@link RateCeiling}). Requests, channels and 429 answers are read from the emulator's request
 * log, not from the client, so they count what Discord would have seen whatever the client
 * believes (and whatever parallelism a future client uses).
 */
final class TransferFigure {
    static final String CREATE_MESSAGE = "POST /channels/{channel.id}/messages";
    static final String GET_MESSAGE = "GET /channels/{channel.id}/messages/{message.id}";

    record Result(long storedBytes, int channels, int posts, double uploadSeconds, double uploadCeilingSeconds,
                  double downloadSeconds, double downloadCeilingSeconds, long tooManyRequests) {
        double uploadRatio() {
            return uploadCeilingSeconds / uploadSeconds;
        }

        double downloadRatio() {
            return downloadCeilingSeconds / downloadSeconds;
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
        out.printf("== 2. upload and download vs the rate-limit ceiling (Discord's limits, +%d ms per request)%n",
                scale.latency().toMillis());
        Path input = work.resolve("transfer");
        long bytes = Inputs.write(input, Inputs.Kind.INCOMPRESSIBLE, scale.transferBytes(), 11);
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
            if (down.result().hasFailures() || down.result().restoredBytes() != bytes) {
                throw new IOException("the benchmark's download did not restore the input: " + down.result());
            }
            Inputs.delete(restored);

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
            double upCeiling = RateCeiling.seconds(postsPerChannel, limits.messageCreate(), limits.globalPerSecond(),
                    limits.timeScale(), scale.latency(), 1);
            double downCeiling = RateCeiling.seconds(postsPerChannel, get, limits.globalPerSecond(),
                    limits.timeScale(), scale.latency(), 2);
            Result r = new Result(up.storedBytes(), postsPerChannel.size(), posts, upSeconds, upCeiling, downSeconds,
                    downCeiling, tooMany);
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
            out.printf("  429 answers (emulator's request log): %d%n", tooMany);
            if (scale.smoke()) {
                out.println("  (smoke scale: too few posts to meet the rate limits; the ratio mostly shows latency)");
            }
            return r;
        } finally {
            Inputs.delete(input);
        }
    }

    /** The channel id of a {@code /channels/{id}/...} request. */
    private static String channelOf(RequestRecord r) {
        String[] parts = r.path().split("/");
        return parts.length > 2 ? parts[2] : "";
    }
}
