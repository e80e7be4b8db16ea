package dev.dos.bench;

import dev.dos.core.config.DosConfig;
import dev.dos.core.config.DosPaths;
import dev.dos.core.crypto.Argon2Params;
import dev.dos.core.crypto.KeyFile;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.meta.SqliteMetadataStore;
import dev.dos.core.ops.ProgressListener;
import dev.dos.core.ops.Repository;
import dev.dos.core.ops.UploadOperation;
import dev.dos.core.ops.UploadOptions;
import dev.dos.core.remote.memory.InMemoryRemote;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Figure 9: start-up of the real launcher against a bare {@code java -version} of the JDK this
 * suite runs on, in two parts measured in the same rounds:
 * <ul>
 *   <li>{@code ./dos --version} (its JDK search, staleness check, packaging/jvm.options, the fat
 *   jar): {@code startup_vs_bare_jvm};</li>
 *   <li>{@code ./dos list} on an index of 100,000 batches of 10 entries (smoke: 2,000), in a
 *   store written as {@code dos setup} leaves one (see {@link #listStore}) and filled by the
 *   bench-only {@link IndexCloner} as figure 5 fills its index. Its config names an API at a
 *   closed port, so {@code list} can reach no network (it needs none: the index is local);
 *   {@code DOS_PASSPHRASE} is set, but {@code list} opens the index alone (StoreSession.openIndex):
 *   no Argon2id unlock of the key is in the time. It prints the newest 50 batches:
 *   {@code startup_list_100k_vs_bare_jvm}.</li>
 * </ul>
 * The three commands take turns (the order rotates every round), one untimed round first; each
 * figure is the ratio of the median wall times, so a load that slows all alike cancels out.
 */
final class StartupFigure {
    /** Both ratios; NaN for what could not run. */
    record Result(double versionVsBareJvm, double listVsBareJvm) {
        static final Result NONE = new Result(Double.NaN, Double.NaN);
    }

    private final Scale scale;
    private final Path work;
    private final PrintStream out;

    StartupFigure(Scale scale, Path work, PrintStream out) {
        this.scale = scale;
        this.work = work;
        this.out = out;
    }

    Result run() throws Exception {
        int rounds = scale.startupRounds();
        int batches = scale.listBatches();
        out.printf("== 9. start-up: ./dos --version and ./dos list (index of %,d batches) vs java -version,"
                + " %d rounds interleaved, medians%n", batches, rounds);
        Path dos = Launcher.path();
        if (dos == null) {
            out.println("  NaN: no launcher (run the suite through bench/run, which passes -Ddos.launcher)");
            return Result.NONE;
        }
        Path home = work.resolve("startup-store");
        try {
            List<String> list = listStore(dos, home, batches);
            List<String> version = List.of(dos.toString(), "--version");
            List<String> bare = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version");
            List<List<String>> commands = List.of(bare, version, list);
            Map<String, String> env = Launcher.environment();
            String listed = "";
            for (List<String> c : commands) { // untimed: page cache, a due rebuild of the jar
                Launcher.measure(c, env);
            }
            double[][] seconds = new double[3][rounds];
            for (int i = 0; i < rounds; i++) {
                for (int k = 0; k < 3; k++) {
                    int which = (i + k) % 3;
                    Launcher.Run r = Launcher.measure(commands.get(which), env);
                    seconds[which][i] = r.seconds();
                    if (which == 2) {
                        listed = r.output();
                    }
                }
            }
            double jvm = Units.median(seconds[0]);
            Result result = new Result(Units.median(seconds[1]) / jvm, Units.median(seconds[2]) / jvm);
            long lines = listed.lines().count();
            String lastLine = listed.lines().reduce((a, b) -> b).orElse("");
            out.printf("  java -version   %.3f s (min %.3f)%n", jvm, Units.quantile(seconds[0], 0));
            out.printf("  ./dos --version %.3f s (min %.3f)   ratio %s%n", Units.median(seconds[1]),
                    Units.quantile(seconds[1], 0), Units.ratio(result.versionVsBareJvm()));
            out.printf("  ./dos list      %.3f s (min %.3f)   ratio %s%n", Units.median(seconds[2]),
                    Units.quantile(seconds[2], 0), Units.ratio(result.listVsBareJvm()));
            out.printf("  list command: DOS_PASSPHRASE=... %s%n", String.join(" ", list));
            out.printf("  (it printed %d lines to a pipe the suite drains, ending \"%s\"; its API URL is a closed port)%n",
                    lines, lastLine.strip());
            if (scale.smoke()) {
                out.printf("  (smoke scale: %,d batches stand in for 100,000 in RESULT startup_list_100k_vs_bare_jvm)%n",
                        batches);
            }
            return result;
        } finally {
            Inputs.delete(home);
        }
    }

    /**
     * A store under {@code home} as {@code dos setup} leaves one (config file, key file sealed with
     * {@link Launcher#PASSPHRASE}, index), written in this process through the product's own
     * {@link DosConfig#save}, {@link KeyFile#create} and one {@link UploadOperation} to an
     * {@link InMemoryRemote} with that key (the batch records its key's fingerprint, which the CLI
     * checks); then {@link IndexCloner} copies the batch. The config names an API at a closed
     * port of this machine: a {@code list} that contacted Discord would fail. Returns the
     * {@code ./dos list} command line for it.
     */
    private List<String> listStore(Path dos, Path home, int batches) throws Exception {
        long start = System.nanoTime();
        Path config = home.resolve("config");
        Path data = home.resolve("data");
        DosPaths paths = DosPaths.resolve(Map.of(), config, data);
        paths.createDirectories();
        MasterKey key = KeyFile.create(paths.defaultKeyFile(), Launcher.PASSPHRASE.toCharArray(), Argon2Params.DEFAULT);
        new DosConfig("bench-token-never-sent", "1", "2", "3", "4", URI.create("http://127.0.0.1:9/api/v10"), null,
                null, paths.defaultKeyFile()).save(paths);
        Path files = work.resolve("startup-files");
        Inputs.writeSmallFiles(files, 9, 4096, 51); // + the folder: 10 entries, as figure 5's batches
        try (SqliteMetadataStore metadata = SqliteMetadataStore.open(paths.databaseFile());
             InMemoryRemote remote = new InMemoryRemote()) {
            new UploadOperation(new Repository(remote, metadata, key)).upload(List.of(files), UploadOptions.defaults(),
                    ProgressListener.NONE);
        } finally {
            Inputs.delete(files);
        }
        IndexCloner.Filled filled = IndexCloner.clone(paths.databaseFile(), batches - 1);
        out.printf("  store written in %s (config, key and one batch through the product's API, then copied by the"
                        + " bench-only SQL loader): %,d batches, %,d entries, index %s%n",
                Units.seconds(System.nanoTime() - start), filled.batches(), filled.entries(),
                Units.size(Files.size(paths.databaseFile())));
        return List.of(dos.toString(), "--config-dir", config.toString(), "--data-dir", data.toString(), "list");
    }
}
