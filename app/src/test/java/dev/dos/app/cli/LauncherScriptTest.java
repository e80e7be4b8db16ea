package dev.dos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's JDK search ({@code scripts/find-jdk.sh}, used by {@code ./dos} and {@code ./mvnw}),
 * run for real with bash in a controlled environment: a PATH holding only basic tools and a
 * JDK search folder of the test's choosing; and {@code ./dos} rebuilding, in front of a stand-in Maven.
 */
class LauncherScriptTest {
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();

    @TempDir
    Path tmp;
    Path bin;

    @BeforeEach
    void toolsWithoutJava() throws IOException {
        bin = Files.createDirectories(tmp.resolve("bin"));
        for (String tool : List.of("bash", "dirname", "readlink", "sed", "head", "cat")) {
            for (String dir : List.of("/usr/bin", "/bin")) {
                Path found = Path.of(dir, tool);
                if (Files.isExecutable(found)) {
                    Files.createSymbolicLink(bin.resolve(tool), found);
                    break;
                }
            }
        }
    }

    private record Result(int code, String out, String err) {
    }

    private Result run(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(REPO.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", bin.toString());
        pb.environment().putAll(env);
        Path out = tmp.resolve("out");
        Path err = tmp.resolve("err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        int code = p.waitFor();
        return new Result(code, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void withoutAJdk21TheLauncherSaysWhatToInstallAndFails() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("jvms"));
        Result r = run(Map.of("DOS_JDK_SEARCH", empty.toString()), bin.resolve("bash").toString(),
                REPO.resolve("dos").toString(), "--version");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("no JDK >= 21 found").contains("apt-get install openjdk-21-jdk");
    }

    @Test
    void aTooOldJavaHomeIsSkippedAndANewerJdkFromTheSearchFolderIsChosen() throws Exception {
        Path jvms = Files.createDirectories(tmp.resolve("jvms"));
        Path current = Path.of(System.getProperty("java.home"));
        Files.createSymbolicLink(jvms.resolve("current"), current);
        Path old = fakeJdk(tmp.resolve("old-jdk"), "17");
        Result r = run(Map.of("DOS_JDK_SEARCH", jvms.toString(), "JAVA_HOME", old.toString()),
                bin.resolve("bash").toString(), "-c", ". scripts/find-jdk.sh && dos_find_jdk && echo \"$JAVA_HOME\"");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo(jvms.resolve("current").toString());
    }

    /**
     * {@code ./dos} rebuilding the jar, in a copy of the checkout whose "mvnw" prints what Maven 3.8
     * prints even with {@code -q -B} (colour resets) and whose JDK's java prints what it was given:
     * the build output reaches stderr as plain text, stdout stays the program's, and the program is
     * told that stderr is no terminal.
     */
    @Test
    void aRebuildWritesPlainTextOnStderrOnlyAndTheCliLearnsStderrIsNoTerminal() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo/scripts"));
        Files.copy(REPO.resolve("dos"), repo.resolveSibling("dos"));
        Files.copy(REPO.resolve("scripts/find-jdk.sh"), repo.resolve("find-jdk.sh"));
        Path checkout = repo.getParent();
        Files.copy(REPO.resolve("packaging/jvm-heap.sh"),
                Files.createDirectories(checkout.resolve("packaging")).resolve("jvm-heap.sh"));
        executable(checkout.resolve("mvnw"), """
                #!/bin/bash
                printf '\033[0m\033[1;31m[ERROR]\033[m colour from maven\n\033[0m'
                printf '\033[0mon stderr\033[0m\n' >&2
                mkdir -p "$(dirname "$0")/app/target" && : >"$(dirname "$0")/app/target/dos.jar"
                """);
        Path jdk = Files.createDirectories(tmp.resolve("jdk21/bin"));
        Files.writeString(jdk.resolveSibling("release"), "JAVA_VERSION=\"21.0.4\"\n");
        executable(jdk.resolve("javac"), "#!/bin/bash\n");
        Path calls = tmp.resolve("java-calls");
        executable(jdk.resolve("java"), "#!/bin/bash\necho \"$*\" >>" + calls
                + "\necho \"java $* tty=${DOS_STDERR_TTY-unset}\"\n");

        ProcessBuilder pb = new ProcessBuilder(checkout.resolve("dos").toString(), "--version");
        pb.environment().clear();
        pb.environment().putAll(Map.of("PATH", "/usr/bin:/bin", "JAVA_HOME", jdk.getParent().toString(),
                "DOS_JDK_SEARCH", tmp.resolve("none").toString(), "DOS_STDERR_TTY", "1"));
        Process p = pb.redirectOutput(tmp.resolve("out").toFile()).redirectError(tmp.resolve("err").toFile()).start();
        int code = p.waitFor();
        String out = Files.readString(tmp.resolve("out"), StandardCharsets.UTF_8);
        String err = Files.readString(tmp.resolve("err"), StandardCharsets.UTF_8);

        assertThat(code).as(err).isZero();
        assertThat(err).contains("dos: building dos.jar").contains("[ERROR] colour from maven").contains("on stderr")
                .doesNotContain("\u001b");
        assertThat(out).startsWith("java @" + checkout.resolve("packaging/jvm.options"))
                .endsWith("-jar " + checkout.resolve("app/target/dos.jar") + " --version tty=0\n")
                .doesNotContain("\u001b");
        // after the build, the startup cache (a JDK 21: class-data sharing) from 'list' on a scratch
        // sandbox: once unrecorded (it makes the index and extracts SQLite's library), once recorded;
        // this java makes none, so the launcher runs without one, quietly, and does not try again
        List<String> javaRuns = Files.readAllLines(calls);
        assertThat(javaRuns).hasSize(3);
        assertThat(javaRuns.get(0)).doesNotContain("ArchiveClassesAtExit")
                .contains("-Ddos.sqlite.native.dir=" + checkout.resolve("app/target/native"))
                .containsPattern(" --sandbox --config-dir \\S*/dos-train\\.\\w+/config --data-dir \\S*/data list$");
        assertThat(javaRuns.get(1)).contains("-XX:ArchiveClassesAtExit=" + checkout.resolve("app/target/dos.jsa."))
                .endsWith(javaRuns.get(0).substring(javaRuns.get(0).indexOf(" -jar ")));
        assertThat(javaRuns.get(2)).doesNotContain("SharedArchiveFile", "ArchiveClassesAtExit").endsWith("--version");
        assertThat(err).doesNotContain("dos.jsa");
        Process again = pb.redirectOutput(tmp.resolve("out").toFile()).start();
        assertThat(again.waitFor()).isZero();
        assertThat(Files.readAllLines(calls)).hasSize(4);
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        assertThat(file.toFile().setExecutable(true)).isTrue();
    }

    /** A directory that looks like a JDK whose java reports the given feature version. */
    private static Path fakeJdk(Path home, String version) throws IOException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/bash\necho '    java.specification.version = " + version + "' >&2\n");
        Files.copy(java, bin.resolve("javac"));
        java.toFile().setExecutable(true);
        bin.resolve("javac").toFile().setExecutable(true);
        return home;
    }
}
