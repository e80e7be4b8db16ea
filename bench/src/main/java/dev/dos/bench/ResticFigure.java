package dev.dos.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Figure 8: dos through its real launcher against restic (Debian's, {@code .ci/run} installs it)
 * on the same input, one after the other on the same disk: {@code restic backup} to and
 * {@code restic restore} from a local repository, against {@code ./dos upload} and
 * {@code ./dos download} to a {@code dos emulator --no-rate-limits --data DIR} of their own
 * ({@link Launcher}). Each round runs restic backup, dos upload, restic restore, dos download in
 * turn (a fresh restic repository per round, so that restic never deduplicates against an earlier
 * round); the ratios are restic's median time / ours, so above 1 means dos was faster. Stored
 * bytes: the emulator's attachments for one upload / restic's repository. Peak RSS of every
 * process is measured from outside ({@link Launcher#measure}).
 */
final class ResticFigure {
    record Result(double uploadVsRestic, double restoreVsRestic, double storedVsRestic) {
        static final Result NONE = new Result(Double.NaN, Double.NaN, Double.NaN);
    }

    private final Scale scale;
    private final Path work;
    private final PrintStream out;

    private final Launcher.Shared launcherStore;

    ResticFigure(Scale scale, Path work, PrintStream out, Launcher.Shared launcherStore) {
        this.scale = scale;
        this.work = work;
        this.out = out;
        this.launcherStore = launcherStore;
    }

    private long inputBytes() {
        return scale.smoke() ? 8 * Scale.MIB : Scale.GIB;
    }

    private int rounds() {
        return scale.smoke() ? 1 : 3;
    }

    Result run() throws Exception {
        out.printf("== 8. ./dos upload and download (emulator without limits, separate process) vs restic backup"
                + " and restore (local repository), %d round(s), medians%n", rounds());
        Path dos = Launcher.path();
        if (dos == null) {
            out.println("  NaN: no launcher (run the suite through bench/run, which passes -Ddos.launcher)");
            return Result.NONE;
        }
        if (!S3Figure.onPath("restic")) {
            out.println("  NaN: restic is not installed (.ci/run installs Debian's restic)");
            return Result.NONE;
        }
        Path input = work.resolve("restic-vs-dos-input");
        Inputs.write(input, Inputs.Kind.MIXED, inputBytes(), 41);
        long bytes = Units.treeBytes(input);
        int n = rounds();
        double[] backup = new double[n];
        double[] upload = new double[n];
        double[] restore = new double[n];
        double[] download = new double[n];
        long[] rss = new long[4];
        long resticStored = 0;
        long dosStored = 0;
        try {
            Launcher launcher = launcherStore.get(dos); // figure 4's store when it ran: the diff of stored bytes counts
            for (int r = 0; r < n; r++) {
                Path repo = work.resolve("restic-repo-" + r);
                Map<String, String> env = Map.of("RESTIC_REPOSITORY", repo.toString(), "RESTIC_PASSWORD", "bench",
                        "RESTIC_CACHE_DIR", work.resolve("restic-cache-" + r).toString());
                Launcher.measure(List.of("restic", "init"), env);
                Launcher.Run b = Launcher.measure(List.of("restic", "backup", "--quiet", input.toString()), env);
                long storedBefore = launcher.storedBytes();
                Launcher.Run u = launcher.run("upload", input.toString());
                long stored = launcher.storedBytes() - storedBefore;
                Path resticOut = work.resolve("restic-restored");
                Launcher.Run rr = Launcher.measure(List.of("restic", "restore", "latest", "--target",
                        resticOut.toString()), env);
                check("restic restore", Units.treeBytes(resticOut), bytes);
                Inputs.delete(resticOut);
                Path dosOut = work.resolve("dos-restored");
                Launcher.Run d = launcher.run("download", Launcher.batchId(u), dosOut.toString());
                check("dos download", Units.treeBytes(dosOut), bytes);
                Inputs.delete(dosOut);
                resticStored = Units.treeBytes(repo);
                dosStored = stored;
                Inputs.delete(repo);
                backup[r] = b.seconds();
                upload[r] = u.seconds();
                restore[r] = rr.seconds();
                download[r] = d.seconds();
                rss[0] = Math.max(rss[0], b.peakRssKib());
                rss[1] = Math.max(rss[1], u.peakRssKib());
                rss[2] = Math.max(rss[2], rr.peakRssKib());
                rss[3] = Math.max(rss[3], d.peakRssKib());
                out.printf("  round %d: restic backup %.2f s, dos upload %.2f s, restic restore %.2f s,"
                        + " dos download %.2f s%n", r + 1, b.seconds(), u.seconds(), rr.seconds(), d.seconds());
            }
        } finally {
            Inputs.delete(input);
        }
        Result result = new Result(Units.median(backup) / Units.median(upload),
                Units.median(restore) / Units.median(download), dosStored / (double) resticStored);
        out.printf("  input %s (%s text-like files, as many random)%n", Units.size(bytes), "half");
        out.printf("  %-22s %10s %10s %10s%n", "", "restic", "dos", "restic/dos");
        out.printf("  %-22s %8.2f s %8.2f s %10s%n", "backup / upload", Units.median(backup), Units.median(upload),
                Units.ratio(result.uploadVsRestic()));
        out.printf("  %-22s %8.2f s %8.2f s %10s%n", "restore / download", Units.median(restore),
                Units.median(download), Units.ratio(result.restoreVsRestic()));
        out.printf("  %-22s %6.0f MiB %6.0f MiB%n", "peak RSS, backup", rss[0] / 1024.0, rss[1] / 1024.0);
        out.printf("  %-22s %6.0f MiB %6.0f MiB%n", "peak RSS, restore", rss[2] / 1024.0, rss[3] / 1024.0);
        out.printf("  %-22s %10s %10s   dos/restic %s%n", "stored", Units.size(resticStored), Units.size(dosStored),
                Units.ratio(result.storedVsRestic()));
        if (scale.smoke()) {
            out.println("  (smoke scale: start-up dominates these times)");
        }
        return result;
    }

    private static void check(String what, long restored, long expected) throws IOException {
        if (restored != expected) {
            throw new IOException(what + " restored " + restored + " bytes, expected " + expected);
        }
    }
}
