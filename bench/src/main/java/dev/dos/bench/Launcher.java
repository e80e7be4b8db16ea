package dev.dos.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real launcher of a checkout, {@code ./dos} (its JDK search, its staleness check and
 * packaging/jvm.options), run as users run it, against an emulator of its own as {@code dos emulator
 * --no-rate-limits --data DIR} runs it ({@link EmulatorMain}): a separate process keeping
 * attachments as files on the same disk. Each command
 * is timed (wall) and its peak RSS measured from outside, as the kernel's high-water mark
 * ({@code VmHWM} of /proc/PID/status) polled until it exits: {@code ./dos} ends by exec'ing the
 * JVM, so the process started is the JVM itself.
 *
 * <p>{@code bench/run} passes the launcher's path as {@code -Ddos.launcher}; {@code DOS_TARGET}
 * (inherited) picks the build folder the launcher uses.
 */
final class Launcher implements AutoCloseable {
    static final String PASSPHRASE = "bench passphrase, not a secret";
    private static final Pattern JSON_STRING = Pattern.compile("\"(base_url|token)\":\"([^\"]+)\"");

    /** One command's wall time, peak RSS (KiB) and output. */
    record Run(double seconds, long peakRssKib, String output) {
        double peakRssMib() {
            return peakRssKib / 1024.0;
        }
    }

    private final Path dos;
    private final Path home;
    private final Process emulator;

    private Launcher(Path dos, Path home, Process emulator) {
        this.dos = dos;
        this.home = home;
        this.emulator = emulator;
    }

    /** The launcher's path, or null when {@code bench/run} did not say it (the bench jar run by hand). */
    static Path path() {
        String given = System.getProperty("dos.launcher");
        return given == null || !Files.isExecutable(Path.of(given)) ? null : Path.of(given);
    }

    /**
     * Runs {@code dos --version} (so that a due rebuild of dos.jar happens before anything is
     * timed), starts the emulator with its data in {@code home/emulator} and sets up a configuration
     * (config, key file, index) under {@code home} for it, as 'dos setup --yes' does.
     */
    static Launcher start(Path dos, Path home) throws IOException, InterruptedException {
        Files.createDirectories(home);
        measure(List.of(dos.toString(), "--version"), Map.of()); // a rebuild of dos.jar, if due, happens here
        Process emulator = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                EmulatorMain.class.getName(), home.resolve("emulator").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Launcher launcher = new Launcher(dos, home, emulator);
        try {
            String line = new String(readLine(emulator.getInputStream()), StandardCharsets.UTF_8);
            String baseUrl = null;
            String token = null;
            Matcher m = JSON_STRING.matcher(line);
            while (m.find()) {
                if (m.group(1).equals("base_url")) {
                    baseUrl = m.group(2);
                } else {
                    token = m.group(2);
                }
            }
            if (baseUrl == null || token == null) {
                throw new IOException("dos emulator printed no base URL and token: " + line);
            }
            launcher.run(Map.of("DOS_TOKEN", token), "setup", "--yes", "--api-base-url", baseUrl,
                    "--storage-channel", "storage", "--index-channel", "index", "--backup-channel", "backup",
                    "--no-key-on-discord");
            return launcher;
        } catch (IOException | InterruptedException | RuntimeException e) {
            launcher.close();
            throw e;
        }
    }

    private static byte[] readLine(InputStream in) throws IOException {
        var line = new java.io.ByteArrayOutputStream();
        for (int b; (b = in.read()) != -1 && b != '\n'; ) {
            line.write(b);
        }
        return line.toByteArray();
    }

    /** Runs {@code dos --config-dir .. --data-dir .. args}; fails unless it exits 0. */
    Run run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), args);
    }

    private Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.putAll(environment());
        return measure(command(args), all);
    }

    /** {@code dos --config-dir .. --data-dir .. args} for this store. */
    private List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(dos.toString(), "--config-dir", home.resolve("config").toString(),
                "--data-dir", home.resolve("data").toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** What every command on this store runs with: the passphrase, so that none asks for it. */
    static Map<String, String> environment() {
        return Map.of("DOS_PASSPHRASE", PASSPHRASE);
    }

    /**
     * One launcher store for the figures that need one (4 and 8), started by the first of them:
     * its emulator JVM, {@code dos setup} (Argon2id) and the untimed {@code dos --version} cost
     * some 10 to 20 s on a loaded 2-core machine, which the smoke run paid twice before.
     */
    static final class Shared implements AutoCloseable {
        private final Path home;
        private Launcher launcher;

        Shared(Path home) {
            this.home = home;
        }

        Launcher get(Path dos) throws IOException, InterruptedException {
            if (launcher == null) {
                launcher = Launcher.start(dos, home);
            }
            return launcher;
        }

        @Override
        public void close() {
            if (launcher != null) {
                launcher.close();
                launcher = null;
            }
            Inputs.delete(home);
        }
    }

    /** Bytes the emulator keeps (its attachments: chunks, manifests, cards). */
    long storedBytes() throws IOException {
        return Units.treeBytes(home.resolve("emulator").resolve("attachments"));
    }

    /**
     * Runs {@code command} to its end with {@code env} added, timing it and polling its VmHWM every
     * 20 ms; fails unless it exits 0.
     */
    static Run measure(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        long start = System.nanoTime();
        Process p = pb.start();
        var output = new java.io.ByteArrayOutputStream();
        Thread drain = Thread.ofVirtual().start(() -> {
            try (InputStream in = p.getInputStream()) {
                in.transferTo(output);
            } catch (IOException ignored) {
                // the process died: its exit code says so
            }
        });
        Path status = Path.of("/proc", Long.toString(p.pid()), "status");
        long peak = 0;
        while (!p.waitFor(20, TimeUnit.MILLISECONDS)) {
            peak = Math.max(peak, vmHwmKib(status));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        drain.join();
        String text = output.toString(StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + ": " + text);
        }
        return new Run(seconds, peak, text);
    }

    /** VmHWM in KiB, or 0 when the process is gone. */
    private static long vmHwmKib(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException gone) {
            // exited between two polls
        }
        return 0;
    }

    /** The batch id 'dos upload' printed ("uploaded batch <id>: ..."). */
    static String batchId(Run upload) throws IOException {
        Matcher m = Pattern.compile("uploaded batch ([0-9a-f]{32})").matcher(upload.output());
        if (!m.find()) {
            throw new IOException("dos upload printed no batch id: " + upload.output());
        }
        return m.group(1);
    }

    @Override
    public void close() {
        try {
            emulator.getOutputStream().close(); // EmulatorMain stops when its standard input closes
        } catch (IOException ignored) {
            // it is killed below anyway
        }
        emulator.destroy();
        try {
            if (!emulator.waitFor(30, TimeUnit.SECONDS)) {
                emulator.destroyForcibly();
            }
        } catch (InterruptedException e) {
            emulator.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
