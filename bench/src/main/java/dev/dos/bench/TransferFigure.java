package dev.dos.bench;

import dev.dos.core.ops.ProgressListener;
import dev.dos.core.ops.Repository;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Figure 2: uploads and full downloads of incompressible data through the real client, against
 * the emulator with Discord's rate limits and an added latency on every request, each against its
 * ceiling: the larger (slower) of the time those limits force for the channels the upload actually
 * used ({@link RateCeiling}) and the time the same work takes our own CPU ({@link CpuFloor}:
 * packing the input into a sink that drops the chunks; a restore to disk from the emulator without
 * limits or latency). Each round packs, uploads and downloads under the limits, then restores
 * without limits, so a round's ceilings are measured next to its transfers; the figures are the
 * medians of the rounds' ratios. Requests, channels and 429 answers are read from the emulator's
 * request log, not from the client, so they count what Discord would have seen whatever the
 * client believes (and whatever parallelism a future client uses).
 */
final class TransferFigure {
    static final String CREATE_MESSAGE = "POST /channels/{channel.id}/messages";
    static final String GET_MESSAGE = "GET /channels/{channel.id}/messages/{message.id}";

    /** One round: the limited transfers, their rate-limit floors and the CPU floors measured beside them. */
    record Round(long storedBytes, int chunks, int channels, int posts, double uploadSeconds, double uploadLimitsSeconds,
                 double uploadCpuSeconds, double downloadSeconds, double downloadLimitsSeconds,
                 double downloadCpuSeconds, long tooManyRequests, int upRequests, int downRequests, long messageReads,
                 long cdnRequests, double perPost) {
        /** The larger of the rate-limit floor and the CPU floor (pack only). */
        double uploadCeilingSeconds() {
            return Math.max(uploadLimitsSeconds, uploadCpuSeconds);
        }

        /** The larger of the rate-limit floor and the CPU floor (restore to disk without limits or latency). */
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

    record Result(List<Round> rounds) {
        /** Median over rounds of ceiling / measured time, upload. */
        double uploadRatio() {
            return Units.median(rounds.stream().mapToDouble(Round::uploadRatio).toArray());
        }

        /** Median over rounds of ceiling / measured time, download. */
        double downloadRatio() {
            return Units.median(rounds.stream().mapToDouble(Round::downloadRatio).toArray());
        }

        /** 429 answers over every round. */
        long tooManyRequests() {
            return rounds.stream().mapToLong(Round::tooManyRequests).sum();
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
        int n = scale.transferRounds();
        out.printf("== 2. upload and download vs their ceiling: max(Discord's limits, +%d ms per request;"
                + " the same work's CPU floor), %d round(s), medians%n", scale.latency().toMillis(), n);
        Path input = work.resolve("transfer");
        long bytes = Inputs.write(input, Inputs.Kind.INCOMPRESSIBLE, scale.transferBytes(), 11);
        CpuFloor floor = new CpuFloor(input, bytes, work.resolve("transfer-floor"), scale);
        RateLimitConfig limits = RateLimitConfig.discordDefaults();
        RouteLimit get = limits.routeOverrides().getOrDefault(GET_MESSAGE, limits.defaultRoute());
        List<Round> rounds = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                double pack = floor.pack();
                Round r = limited(input, bytes, limits, get, pack, i);
                r = withRestoreFloor(r, floor.restore());
                rounds.add(r);
                out.printf("  round %d: upload %s (%s) vs rate limits %s, pack only %s: ratio %s   download %s (%s)"
                                + " vs rate limits %s, restore without limits %s: ratio %s%n", i + 1,
                        Units.seconds(r.uploadSeconds() * 1e9), Units.rate(r.storedBytes() / r.uploadSeconds()),
                        Units.seconds(r.uploadLimitsSeconds() * 1e9), Units.seconds(r.uploadCpuSeconds() * 1e9),
                        Units.ratio(r.uploadRatio()), Units.seconds(r.downloadSeconds() * 1e9),
                        Units.rate(r.storedBytes() / r.downloadSeconds()), Units.seconds(r.downloadLimitsSeconds() * 1e9),
                        Units.seconds(r.downloadCpuSeconds() * 1e9), Units.ratio(r.downloadRatio()));
            }
        } finally {
            floor.close();
            Inputs.delete(input);
        }
        Result result = new Result(List.copyOf(rounds));
        Round last = rounds.getLast();
        double upCpu = Units.median(rounds.stream().mapToDouble(Round::uploadCpuSeconds).toArray());
        double downCpu = Units.median(rounds.stream().mapToDouble(Round::downloadCpuSeconds).toArray());
        out.printf("  input %s -> %d chunks in %d posts over %d channel(s); %d requests up, %d down"
                        + " (%d message reads, %d CDN requests; last round)%n", Units.size(bytes), last.chunks(),
                last.posts(), last.channels(), last.upRequests(), last.downRequests(), last.messageReads(),
                last.cdnRequests());
        out.printf("  upload   median %s   rate-limit floor %s (steady state %s)   CPU floor, pack only: median %s (%s)"
                        + "   ratio %s%n", Units.seconds(Units.median(rounds.stream().mapToDouble(Round::uploadSeconds)
                        .toArray()) * 1e9), Units.seconds(last.uploadLimitsSeconds() * 1e9),
                Units.rate(RateCeiling.steadyRate(last.channels(), limits.messageCreate(), limits.globalPerSecond(),
                        limits.timeScale(), last.perPost())), Units.seconds(upCpu * 1e9), Units.rate(bytes / upCpu),
                Units.ratio(result.uploadRatio()));
        out.printf("  download median %s   rate-limit floor %s (steady state %s)   CPU floor, restore without limits:"
                        + " median %s (%s)   ratio %s%n", Units.seconds(Units.median(rounds.stream()
                        .mapToDouble(Round::downloadSeconds).toArray()) * 1e9),
                Units.seconds(last.downloadLimitsSeconds() * 1e9),
                Units.rate(RateCeiling.steadyRate(last.channels(), get, limits.globalPerSecond(), limits.timeScale(),
                        last.perPost())), Units.seconds(downCpu * 1e9), Units.rate(bytes / downCpu),
                Units.ratio(result.downloadRatio()));
        out.printf("  ceilings (last round): upload %s, download %s (the larger floor of each)%n",
                last.uploadLimitsSeconds() >= last.uploadCpuSeconds() ? "rate limits" : "CPU",
                last.downloadLimitsSeconds() >= last.downloadCpuSeconds() ? "rate limits" : "CPU");
        out.printf("  429 answers (emulator's request log, all rounds): %d%n", result.tooManyRequests());
        if (scale.smoke()) {
            out.println("  (smoke scale: too few posts to meet the rate limits; the ratios mostly show latency and"
                    + " start-up)");
        }
        return result;
    }

    /** One upload and full download under the limits, on a fresh emulator (its memory is freed after). */
    private Round limited(Path input, long bytes, RateLimitConfig limits, RouteLimit get, double packSeconds, int round)
            throws Exception {
        FaultConfig faults = FaultConfig.builder().latency(scale.latency()).build();
        Path db = Files.createDirectories(work.resolve("transfer-" + round)).resolve("index.db");
        try (EmulatedStore store = EmulatedStore.start(limits, faults, db)) {
            EmulatorAdmin admin = store.emulator().admin();
            StorageRemote remote = store.repo().remote();
            remote.limits(); // learned once per store, as the CLI's first command does
            admin.clearRequests();

            long start = System.nanoTime();
            UploadResult up = new UploadOperation(store.repo(), scale.transfers()).upload(List.of(input),
                    UploadOptions.defaults(), ProgressListener.NONE);
            double upSeconds = (System.nanoTime() - start) / 1e9;
            List<RequestRecord> upLog = admin.requests();
            admin.clearRequests();

            Path restored = work.resolve("transfer-restored");
            start = System.nanoTime();
            RestoreOperation.Report down = new RestoreOperation(store.repo(), scale.transfers()).restore(up.batchId(),
                    restored, List.of(), false, ProgressListener.NONE);
            double downSeconds = (System.nanoTime() - start) / 1e9;
            List<RequestRecord> downLog = admin.requests();
            check(down, bytes);
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
            // Upload: the last chunk post's own latency. Download: its link (one message read per
            // post gives the links of all its chunks), then the CDN fetch.
            double upLimits = RateCeiling.seconds(postsPerChannel, limits.messageCreate(), limits.globalPerSecond(),
                    limits.timeScale(), scale.latency(), 1);
            double downLimits = RateCeiling.seconds(postsPerChannel, get, limits.globalPerSecond(),
                    limits.timeScale(), scale.latency(), 2);
            long getMessages = downLog.stream().filter(x -> x.route().equals(GET_MESSAGE)).count();
            long cdn = downLog.stream().filter(x -> x.route().startsWith("GET /attachments/{channel.id}")).count();
            double perPost = posts == 0 ? 0 : up.storedBytes() / (double) posts;
            return new Round(up.storedBytes(), up.chunkCount(), postsPerChannel.size(), posts, upSeconds, upLimits,
                    packSeconds, downSeconds, downLimits, Double.NaN, tooMany, upLog.size(), downLog.size(),
                    getMessages, cdn, perPost);
        } finally {
            Inputs.delete(db.getParent());
        }
    }

    private static Round withRestoreFloor(Round r, double restoreSeconds) {
        return new Round(r.storedBytes(), r.chunks(), r.channels(), r.posts(), r.uploadSeconds(),
                r.uploadLimitsSeconds(), r.uploadCpuSeconds(), r.downloadSeconds(), r.downloadLimitsSeconds(),
                restoreSeconds, r.tooManyRequests(), r.upRequests(), r.downRequests(), r.messageReads(),
                r.cdnRequests(), r.perPost());
    }

    private static void check(RestoreOperation.Report down, long bytes) throws IOException {
        if (down.result().hasFailures() || down.result().restoredBytes() != bytes) {
            throw new IOException("the benchmark's download did not restore the input: " + down.result());
        }
    }

    /**
     * The same work's CPU floor: {@link PipelineFigure#pack} of the input (what an upload computes,
     * with no remote and no index), and a restore to disk ({@link RestoreOperation}, the same
     * transfers) of the same input uploaded, untimed, to a fresh in-memory emulator <b>without
     * limits or latency</b> (otherwise as the limited run's: the same client, the same HTTP, the
     * emulator in this process). An {@code InMemoryRemote} was tried first and measured slower
     * than the limited download it was to be the floor of (2.6 to 6.5 s against 3.4 to 6.4 s for
     * 500 MiB at load 6). The store lives only for its restore, so its bytes never sit in the heap
     * while a limited run is timed; one full collection comes before the timed restore.
     */
    private static final class CpuFloor implements AutoCloseable {
        private final Path input;
        private final long bytes;
        private final Path dir;
        private final Scale scale;

        CpuFloor(Path input, long bytes, Path dir, Scale scale) {
            this.input = input;
            this.bytes = bytes;
            this.dir = dir;
            this.scale = scale;
        }

        /** Seconds to pack the input. */
        double pack() throws Exception {
            return PipelineFigure.pack(input) / 1e9;
        }

        /** Seconds to restore the input to disk from a fresh emulator without limits (its upload untimed). */
        double restore() throws Exception {
            Files.createDirectories(dir);
            try (EmulatedStore store = EmulatedStore.start(RateLimitConfig.disabled(), FaultConfig.none(),
                    dir.resolve("index.db"))) {
                Repository repo = store.repo();
                String batchId = new UploadOperation(repo, scale.transfers()).upload(List.of(input),
                        UploadOptions.defaults(), ProgressListener.NONE).batchId();
                Path restored = dir.resolve("restored");
                // The store's bytes were just allocated: without a collection first, the timed restore
                // pays for copying them between generations.
                System.gc();
                long start = System.nanoTime();
                RestoreOperation.Report down = new RestoreOperation(repo, scale.transfers()).restore(batchId, restored,
                        List.of(), false, ProgressListener.NONE);
                double seconds = (System.nanoTime() - start) / 1e9;
                check(down, bytes);
                return seconds;
            } finally {
                Inputs.delete(dir);
            }
        }

        @Override
        public void close() {
            Inputs.delete(dir);
        }
    }

    /** The channel id of a {@code /channels/{id}/...} request. */
    private static String channelOf(RequestRecord r) {
        String[] parts = r.path().split("/");
        return parts.length > 2 ? parts[2] : "";
    }
}
