package dev.dos.bench;

import dev.dos.emulator.DiscordEmulator;
import dev.dos.emulator.FaultConfig;
import dev.dos.emulator.RateLimitConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Figures 3 and 4. Figure 3 runs child JVMs ({@link ChildMain}) started with the same heap limit,
 * each storing one input on an emulator without limits that this process runs:
 * <ul>
 *   <li>3: ours against the original design on the same mixed input: stored bytes, time, peak RSS;</li>
 *   <li>4: our peak RSS as the input grows (generated files, streamed from disk), uploading and
 *   restoring through the real launcher ({@link Launcher}) when {@code bench/run} gives it.</li>
 * </ul>
 */
final class MemoryFigure {
    record Child(long millis, long inputBytes, long storedBytes, long chunks, long peakRssKib) {
        double peakRssMib() {
            return peakRssKib / 1024.0;
        }
    }

    record Design(Child ours, Child original) {
        double storedRatio() {
            return ours.storedBytes() / (double) original.storedBytes();
        }

        double timeRatio() {
            return ours.millis() / (double) Math.max(1, original.millis());
        }

        double memoryRatio() {
            return ours.peakRssKib() / (double) original.peakRssKib();
        }
    }

    private final Scale scale;
    private final Path work;
    private final PrintStream out;

    private final Launcher.Shared launcherStore;

    MemoryFigure(Scale scale, Path work, PrintStream out, Launcher.Shared launcherStore) {
        this.scale = scale;
        this.work = work;
        this.out = out;
        this.launcherStore = launcherStore;
    }

    Design design() throws Exception {
        out.printf("== 3. ours vs the original design (tar.gz + Fernet of the whole archive + 9.5 MiB chunks),"
                + " child JVMs with -Xmx%s%n", scale.designHeap());
        Path input = work.resolve("design");
        Inputs.write(input, Inputs.Kind.MIXED, scale.designBytes(), 21);
        try {
            Child ours = child("ours", input, scale.designHeap());
            Child original = child("original", input, scale.designHeap());
            Design d = new Design(ours, original);
            out.printf("  input %s (half text, half random)%n", Units.size(ours.inputBytes()));
            for (Child c : List.of(ours, original)) {
                out.printf("  %-9s stored %-11s %4d chunks  time %7.2f s  peak RSS %7.1f MiB%n",
                        c == ours ? "ours" : "original", Units.size(c.storedBytes()), c.chunks(), c.millis() / 1000.0,
                        c.peakRssMib());
            }
            out.printf("  ours / original: stored %s   time %s   peak RSS %s%n", Units.ratio(d.storedRatio()),
                    Units.ratio(d.timeRatio()), Units.ratio(d.memoryRatio()));
            return d;
        } finally {
            Inputs.delete(input);
        }
    }

    /** Peak RSS of restores, in input order, after {@link #rss()} ran through the launcher (else empty). */
    private final List<Child> restores = new ArrayList<>();

    /**
     * Peak RSS of ours per input size, in input order: uploads through the real launcher
     * ({@code ./dos upload}, packaging/jvm.options and the heap cap of packaging/jvm-heap.sh) to an emulator of its own, each followed by its
     * restore ({@code ./dos download}, in {@link #restores()}); without a launcher (the bench jar
     * run by hand), uploads in child JVMs with {@code -Xmx} of the scale.
     */
    List<Child> rss() throws Exception {
        Path dos = Launcher.path();
        out.printf("== 4. peak RSS of an upload and its restore as the input grows (%s)%n",
                dos == null ? "ours in a child JVM, -Xmx" + scale.rssHeap() + ": no launcher given"
                        : "./dos upload and ./dos download: packaging/jvm.options, heap cap of packaging/jvm-heap.sh");
        List<Child> points = new ArrayList<>();
        restores.clear();
        // One store for every size through the launcher (shared with figure 8): its emulator, setup and
        // key cost a few JVM starts.
        Launcher launcher = dos == null ? null : launcherStore.get(dos);
        for (long size : scale.rssInputs()) {
            Path input = work.resolve("rss-" + size);
            long genStart = System.nanoTime();
            Inputs.write(input, Inputs.Kind.MIXED, size, 31);
            double genSeconds = (System.nanoTime() - genStart) / 1e9;
            try {
                if (launcher == null) {
                    Child c = child("ours", input, scale.rssHeap());
                    points.add(c);
                    out.printf("  input %-9s peak RSS %7.1f MiB   upload %.1f s (%s)   [input generated in %.1f s]%n",
                            Units.size(size), c.peakRssMib(), c.millis() / 1000.0,
                            Units.rate(c.inputBytes() * 1000.0 / Math.max(1, c.millis())), genSeconds);
                } else {
                    launched(launcher, input, size, points, genSeconds);
                }
            } finally {
                Inputs.delete(input);
            }
        }
        out.println("  (the original design is not run here: it holds the whole archive about six times over"
                + " in memory, so 5 GiB of input would need a heap of more than 20 GiB)");
        if (scale.smoke()) {
            out.println("  (smoke scale: the largest input above stands in for 5 GiB in RESULT peak_rss_mb_5gb"
                    + " and peak_rss_mb_restore_5gb)");
        }
        return points;
    }

    /** The restores of the last {@link #rss()} run through the launcher, in input order (empty without one). */
    List<Child> restores() {
        return List.copyOf(restores);
    }

    private void launched(Launcher launcher, Path input, long size, List<Child> points, double genSeconds)
            throws Exception {
        Path restored = work.resolve("rss-restored-" + size);
        try {
            long before = launcher.storedBytes();
            Launcher.Run up = launcher.run("upload", input.toString());
            long stored = launcher.storedBytes() - before;
            Launcher.Run down = launcher.run("download", Launcher.batchId(up), restored.toString());
            long back = Units.treeBytes(restored);
            if (back != size) {
                throw new IOException("dos download restored " + back + " bytes of " + size);
            }
            points.add(new Child(Math.round(up.seconds() * 1000), size, stored, -1, up.peakRssKib()));
            restores.add(new Child(Math.round(down.seconds() * 1000), size, stored, -1, down.peakRssKib()));
            out.printf("  input %-9s peak RSS upload %7.1f MiB, restore %7.1f MiB   upload %.1f s (%s),"
                            + " restore %.1f s (%s)   [input generated in %.1f s]%n", Units.size(size),
                    up.peakRssMib(), down.peakRssMib(), up.seconds(), Units.rate(size / up.seconds()),
                    down.seconds(), Units.rate(size / down.seconds()), genSeconds);
        } finally {
            Inputs.delete(restored);
        }
    }

    /** Runs one child on a fresh emulator (its stored attachments are deleted when it closes). */
    private Child child(String mode, Path input, String heap) throws IOException, InterruptedException {
        Path scratch = Files.createDirectories(work.resolve("child-" + mode + "-" + input.getFileName()));
        try (DiscordEmulator emulator = EmulatedStore.startEmulator(RateLimitConfig.disabled(), FaultConfig.none())) {
            Path json = scratch.resolve("emulator.json");
            Files.writeString(json, emulator.describeJson(), StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + heap, "--enable-native-access=ALL-UNNAMED",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-cp", System.getProperty("java.class.path"), ChildMain.class.getName(),
                    mode, input.toString(), json.toString(), scratch.toString(),
                    Integer.toString(scale.transfers().transfers())));
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = p.waitFor();
            String line = stdout.lines().filter(l -> l.startsWith("CHILD ")).findFirst().orElse(null);
            if (exit != 0 || line == null) {
                throw new IOException("child '" + mode + "' on " + input + " failed (exit " + exit + "): " + stdout);
            }
            Map<String, Long> v = new HashMap<>();
            for (String kv : line.substring(6).trim().split(" ")) {
                String[] pair = kv.split("=");
                v.put(pair[0], Long.parseLong(pair[1]));
            }
            return new Child(v.get("millis"), v.get("input"), v.get("stored"), v.get("chunks"), v.get("hwm_kb"));
        } finally {
            Inputs.delete(scratch);
        }
    }
}
