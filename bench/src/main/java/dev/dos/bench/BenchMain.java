package dev.dos.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The benchmark suite of docs/PERFORMANCE.md. Runs the nine figures, each as a ratio against a
 * baseline measured in the same run, and ends with one machine-readable line:
 * {@code RESULT pipeline_vs_primitive=.. pipeline_vs_primitive_text=.. pipeline_vs_primitive_random=..
 * upload_vs_ceiling=.. download_vs_ceiling=.. 429s=..
 * stored_vs_original_design=.. memory_vs_original_design=.. peak_rss_mb_5gb=..
 * sync_reset_req_per_batch=.. sync_reset_vs_floor=.. idle_sync_requests=..
 * s3_put_vs_upload=.. s3_get_vs_restore=.. restic_backup_small_files_s=.. upload_vs_restic=..
 * restore_vs_restic=.. stored_vs_restic=.. peak_rss_mb_restore_5gb=.. startup_vs_bare_jvm=..
 * startup_list_100k_vs_bare_jvm=..}. Each figure ends with its own elapsed time.
 *
 * <p>Usage (through {@code ./bench/run}): {@code [--smoke] [--transfers N] [--only 1,2,3,4,5,6,7,8,9]}
 * ({@code --smoke} first when both are given), or {@code --jmh
 * [JMH options]} for the JMH micro-benchmarks alone. Scratch data goes under {@code $DOS_BENCH_WORK}
 * (default: the system temporary directory) and is deleted at the end.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        if (args.length > 0 && args[0].equals("--jmh")) {
            org.openjdk.jmh.Main.main(jmhArgs(Arrays.copyOfRange(args, 1, args.length)));
            return;
        }
        Scale scale = Scale.fullScale();
        Set<Integer> figures = new HashSet<>(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> scale = Scale.smokeScale();
                case "--transfers" -> scale = scale.withTransfers(Integer.parseInt(args[++i]));
                case "--only" -> {
                    figures.clear();
                    for (String f : args[++i].split(",")) {
                        figures.add(Integer.parseInt(f.trim()));
                    }
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (expected --smoke, --transfers N, --only 1,2,3,4,5,6,7,8,9 or --jmh [JMH options])");
            }
        }
        System.exit(run(scale, figures, System.out));
    }

    private static String[] jmhArgs(String[] given) {
        return given.length > 0 ? given : new String[] {PrimitivesBenchmark.class.getName()};
    }

    static int run(Scale scale, Set<Integer> figures, PrintStream out) throws Exception {
        long start = System.nanoTime();
        out.printf("dos bench (%s scale) %s%n", scale.label(), Instant.now());
        out.printf("cores=%d jdk=%s (%s) os=%s %s max_heap=%s transfers=%d%n", Runtime.getRuntime().availableProcessors(),
                Runtime.version(), System.getProperty("java.vm.name"), System.getProperty("os.name"),
                System.getProperty("os.arch"), Units.size(Runtime.getRuntime().maxMemory()), scale.transfers().transfers());
        out.printf("load average (1, 5, 15 min): %s (ratios of interleaved measurements hold under load better"
                + " than absolute times; see docs/PERFORMANCE.md)%n", loadAverage());
        String base = System.getenv().getOrDefault("DOS_BENCH_WORK", System.getProperty("java.io.tmpdir"));
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of(base)), "dos-bench-");
        double pipeline = Double.NaN;
        double pipelineText = Double.NaN;
        double pipelineRandom = Double.NaN;
        double upload = Double.NaN;
        double download = Double.NaN;
        long tooMany = -1;
        double stored = Double.NaN;
        double memory = Double.NaN;
        long peakRss = -1;
        long peakRssRestore = -1;
        double syncPerBatch = Double.NaN;
        double syncVsFloor = Double.NaN;
        long idleSync = -1;
        S3Figure.Result s3 = new S3Figure.Result(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        ResticFigure.Result restic = ResticFigure.Result.NONE;
        StartupFigure.Result startup = StartupFigure.Result.NONE;
        try (Launcher.Shared launcherStore = new Launcher.Shared(work.resolve("launcher-store"))) {
            OriginalDesign.selfCheck(work);
            out.println("original design self-check passed (Fernet spec vector, tamper, tar.gz round trip)");
            long t = System.nanoTime();
            if (figures.contains(1)) {
                List<PipelineFigure.Result> kinds = new PipelineFigure(scale, work, out).run();
                pipelineText = kinds.getFirst().ratio();
                pipelineRandom = kinds.getLast().ratio();
                pipeline = Math.min(pipelineText, pipelineRandom);
                t = figureDone(out, 1, t);
            }
            if (figures.contains(2)) {
                TransferFigure.Result tr = new TransferFigure(scale, work, out).run();
                upload = tr.uploadRatio();
                download = tr.downloadRatio();
                tooMany = tr.tooManyRequests();
                t = figureDone(out, 2, t);
            }
            MemoryFigure memoryFigure = new MemoryFigure(scale, work, out, launcherStore);
            if (figures.contains(3)) {
                MemoryFigure.Design d = memoryFigure.design();
                stored = d.storedRatio();
                memory = d.memoryRatio();
                t = figureDone(out, 3, t);
            }
            if (figures.contains(4)) {
                List<MemoryFigure.Child> points = memoryFigure.rss();
                peakRss = Math.round(points.getLast().peakRssMib());
                List<MemoryFigure.Child> restores = memoryFigure.restores();
                peakRssRestore = restores.isEmpty() ? -1 : Math.round(restores.getLast().peakRssMib());
                t = figureDone(out, 4, t);
            }
            if (figures.contains(5)) {
                new MetadataFigure(scale, work, out).run();
                t = figureDone(out, 5, t);
            }
            if (figures.contains(6)) {
                SyncFigure.Result sync = new SyncFigure(scale, work, out).run();
                syncPerBatch = sync.requestsPerBatch();
                syncVsFloor = sync.vsFloor();
                idleSync = sync.idleRequests();
                t = figureDone(out, 6, t);
            }
            if (figures.contains(7)) {
                s3 = new S3Figure(scale, work, out).run();
                t = figureDone(out, 7, t);
            }
            if (figures.contains(8)) {
                restic = new ResticFigure(scale, work, out, launcherStore).run();
                t = figureDone(out, 8, t);
            }
            if (figures.contains(9)) {
                startup = new StartupFigure(scale, work, out).run();
                figureDone(out, 9, t);
            }
        } finally {
            Inputs.delete(work);
        }
        out.printf("load average at the end: %s%n", loadAverage());
        out.printf("elapsed %s; %s%n", Units.seconds(System.nanoTime() - start), scale.smoke()
                ? "smoke scale: figures are not results (see docs/PERFORMANCE.md)" : "full scale");
        out.printf("RESULT pipeline_vs_primitive=%s pipeline_vs_primitive_text=%s pipeline_vs_primitive_random=%s"
                        + " upload_vs_ceiling=%s download_vs_ceiling=%s 429s=%d"
                        + " stored_vs_original_design=%s memory_vs_original_design=%s peak_rss_mb_5gb=%d"
                        + " sync_reset_req_per_batch=%s sync_reset_vs_floor=%s idle_sync_requests=%d"
                        + " s3_put_vs_upload=%s s3_get_vs_restore=%s restic_backup_small_files_s=%s"
                        + " upload_vs_restic=%s restore_vs_restic=%s stored_vs_restic=%s peak_rss_mb_restore_5gb=%d"
                        + " startup_vs_bare_jvm=%s startup_list_100k_vs_bare_jvm=%s%n",
                Units.ratio(pipeline), Units.ratio(pipelineText), Units.ratio(pipelineRandom), Units.ratio(upload),
                Units.ratio(download), tooMany, Units.ratio(stored),
                Units.ratio(memory), peakRss, Double.isNaN(syncPerBatch) ? "NaN"
                        : String.format(Locale.ROOT, "%.4f", syncPerBatch), Units.ratio(syncVsFloor), idleSync,
                Units.ratio(s3.putVsUpload()), Units.ratio(s3.getVsRestore()), Units.ratio(s3.resticBackupSeconds()),
                Units.ratio(restic.uploadVsRestic()), Units.ratio(restic.restoreVsRestic()),
                Units.ratio(restic.storedVsRestic()), peakRssRestore, Units.ratio(startup.versionVsBareJvm()),
                Units.ratio(startup.listVsBareJvm()));
        return 0;
    }

    /** The first three fields of /proc/loadavg, or "unknown" off Linux. */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Prints how long figure {@code n} took since {@code since}; returns now. */
    private static long figureDone(PrintStream out, int n, long since) {
        long now = System.nanoTime();
        out.printf("  (figure %d took %s)%n", n, Units.seconds(now - since));
        return now;
    }
}
