package dev.dos.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Figure 9: start-up of the real launcher, {@code ./dos --version} (its JDK search, staleness check,
 * packaging/jvm.options, the fat jar), against a bare {@code java -version} of the JDK this suite
 * runs on. The two alternate, one untimed pair first; the figure is the ratio of the median wall
 * times, so a load that slows both alike cancels out.
 */
final class StartupFigure {
    private final Scale scale;
    private final PrintStream out;

    StartupFigure(Scale scale, PrintStream out) {
        this.scale = scale;
        this.out = out;
    }

    /** {@code startup_vs_bare_jvm}, or NaN without a launcher. */
    double run() throws Exception {
        int rounds = scale.smoke() ? 3 : 9;
        out.printf("== 9. start-up: ./dos --version vs java -version, %d rounds interleaved, medians%n", rounds);
        Path dos = Launcher.path();
        if (dos == null) {
            out.println("  NaN: no launcher (run the suite through bench/run, which passes -Ddos.launcher)");
            return Double.NaN;
        }
        List<String> launcher = List.of(dos.toString(), "--version");
        List<String> bare = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version");
        Launcher.measure(launcher, Map.of()); // a rebuild of the jar, if any, happens here
        Launcher.measure(bare, Map.of());
        double[] ours = new double[rounds];
        double[] jvm = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            ours[i] = Launcher.measure(launcher, Map.of()).seconds();
            jvm[i] = Launcher.measure(bare, Map.of()).seconds();
        }
        double ratio = Units.median(ours) / Units.median(jvm);
        out.printf("  ./dos --version %.3f s (min %.3f), java -version %.3f s (min %.3f)   ratio %s%n",
                Units.median(ours), Units.quantile(ours, 0), Units.median(jvm), Units.quantile(jvm, 0),
                Units.ratio(ratio));
        return ratio;
    }
}
