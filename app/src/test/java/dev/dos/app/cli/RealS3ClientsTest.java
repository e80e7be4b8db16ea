package dev.dos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command-line clients users actually run (Debian's aws-cli, rclone and restic; .ci/run
 * installs them, and each test is skipped, saying so, where one is missing) copy a tree up through
 * {@code dos serve s3} and back, byte-identical.
 */
class RealS3ClientsTest {
    @TempDir
    Path home;

    private Gateway gateway;
    private Path src;

    @BeforeEach
    void start() throws Exception {
        SandboxHome sandbox = new SandboxHome(home).withTestingKey();
        gateway = Gateway.start(home.resolve("logs"), sandbox.env(), List.of("--sandbox"));
        src = tree(home.resolve("src"));
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
    }

    @Test
    void awsCliCopiesATreeUpAndBack() throws Exception {
        assumeTrue(onPath("aws"), "aws (aws-cli) is not installed; .ci/run installs it");
        Path config = Files.writeString(home.resolve("aws-config"), "[default]\ns3 =\n  addressing_style = path\n");
        Map<String, String> env = new HashMap<>(gateway.awsEnv());
        env.put("AWS_CONFIG_FILE", config.toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("no-credentials").toString());
        String endpoint = gateway.endpoint.toString();

        run(env, "aws", "--endpoint-url", endpoint, "s3", "mb", "s3://aws-tree");
        run(env, "aws", "--endpoint-url", endpoint, "s3", "cp", "--recursive", src.toString(), "s3://aws-tree/up");
        String listed = run(env, "aws", "--endpoint-url", endpoint, "s3", "ls", "--recursive", "s3://aws-tree/");
        Files.writeString(src.resolve("added later.txt"), "sync sends only this");
        run(env, "aws", "--endpoint-url", endpoint, "s3", "sync", src.toString(), "s3://aws-tree/up");
        run(env, "aws", "--endpoint-url", endpoint, "s3", "cp", "--recursive", "s3://aws-tree/up",
                home.resolve("back").toString());

        assertThat(listed).contains("up/dir/nested.bin").contains("up/with space+plus.txt");
        assertThat(contents(home.resolve("back"))).isEqualTo(contents(src));
    }

    @Test
    void rcloneCopiesSyncsChecksAndUpdatesModificationTimes() throws Exception {
        assumeTrue(onPath("rclone"), "rclone is not installed; .ci/run installs it");
        Map<String, String> env = new HashMap<>();
        env.put("RCLONE_CONFIG_DOS_TYPE", "s3");
        env.put("RCLONE_CONFIG_DOS_PROVIDER", "Other");
        env.put("RCLONE_CONFIG_DOS_ENDPOINT", gateway.endpoint.toString());
        env.put("RCLONE_CONFIG_DOS_ACCESS_KEY_ID", gateway.accessKey);
        env.put("RCLONE_CONFIG_DOS_SECRET_ACCESS_KEY", gateway.secretKey);
        env.put("RCLONE_CONFIG_DOS_REGION", gateway.region);
        env.put("RCLONE_CONFIG_DOS_FORCE_PATH_STYLE", "true");
        env.put("RCLONE_CONFIG", home.resolve("rclone.conf").toString());

        run(env, "rclone", "mkdir", "dos:rclone-tree");
        run(env, "rclone", "copy", src.toString(), "dos:rclone-tree/up");
        run(env, "rclone", "check", src.toString(), "dos:rclone-tree/up");
        // A new modification time only: rclone updates it with a CopyObject onto itself (REPLACE).
        Path touched = src.resolve("dir/nested.bin");
        Files.setLastModifiedTime(touched, FileTime.from(Instant.parse("2020-01-02T03:04:05Z")));
        String synced = run(env, "rclone", "sync", "-v", "--fast-list", src.toString(), "dos:rclone-tree/up");
        String lsl = run(env, "rclone", "lsl", "dos:rclone-tree/up/dir");
        run(env, "rclone", "check", "--fast-list", src.toString(), "dos:rclone-tree/up");
        run(env, "rclone", "copy", "dos:rclone-tree/up", home.resolve("back").toString());

        assertThat(synced).doesNotContain("Copied (new)");
        assertThat(lsl).contains("2020-01-02 03:04:05");
        assertThat(contents(home.resolve("back"))).isEqualTo(contents(src));
    }

    @Test
    void resticBacksUpChecksAllDataAndRestores() throws Exception {
        assumeTrue(onPath("restic"), "restic is not installed; .ci/run installs it");
        Map<String, String> env = new HashMap<>(gateway.awsEnv());
        env.put("RESTIC_PASSWORD", "not the dos passphrase");
        env.put("RESTIC_REPOSITORY", "s3:" + gateway.endpoint + "/restic-repo");
        env.put("RESTIC_CACHE_DIR", home.resolve("restic-cache").toString());

        run(env, "restic", "init");
        run(env, "restic", "backup", src.toString());
        Files.writeString(src.resolve("second run.txt"), "an incremental backup adds this");
        run(env, "restic", "backup", src.toString());
        run(env, "restic", "check", "--read-data");
        run(env, "restic", "restore", "latest", "--target", home.resolve("back").toString());

        // restic restores a backed-up folder under its full path inside the target.
        Path restored = home.resolve("back").resolve(src.getRoot().relativize(src).toString());
        assertThat(contents(restored)).isEqualTo(contents(src));
    }

    private String run(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("RCLONE_")
                || k.startsWith("RESTIC_"));
        builder.environment().putAll(env);
        builder.environment().put("HOME", home.toString());
        Process p = builder.start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish");
        }
        String text = new String(output, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("%s:%n%s%ngateway:%n%s", String.join(" ", command), text, gateway.stderr())
                .isZero();
        return text;
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** A small tree: text, binary, an empty file, a name with a space and a plus, a nested folder. */
    private static Path tree(Path root) throws IOException {
        Files.createDirectories(root.resolve("dir"));
        Random random = new Random(7);
        byte[] nested = new byte[3_500_000];
        random.nextBytes(nested);
        Files.write(root.resolve("dir/nested.bin"), nested);
        Files.writeString(root.resolve("notes.txt"), "hello\n".repeat(2000));
        Files.writeString(root.resolve("with space+plus.txt"), "awkward name");
        Files.write(root.resolve("empty"), new byte[0]);
        for (int i = 0; i < 12; i++) {
            Files.writeString(root.resolve("dir/small-" + i + ".txt"), "small file " + i);
        }
        return root;
    }

    /** Every regular file under {@code root}, by relative path, with its bytes' hash. */
    private static Map<String, String> contents(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> files = new ArrayList<>(walk.filter(Files::isRegularFile).toList());
            for (Path f : files) {
                out.put(root.relativize(f).toString(), java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
