package dev.dos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive's launcher (packaging/bin/dos) and the JVM options every launcher reads
 * (packaging/jvm.options). The launcher runs for real, through a symlink and from another folder,
 * in front of a stand-in runtime whose "java" prints the arguments it got. scripts/dist-smoke runs
 * the real archive.
 */
class ReleaseLauncherTest {
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();

    @TempDir
    Path tmp;

    private static final String ECHO_ARGS = "for a in \"$@\"; do printf '%s\\n' \"$a\"; done";

    /** An unpacked release with the real launcher and options, and a java that echoes its arguments. */
    private Path release(String cacheFile) throws IOException {
        return release(cacheFile, ECHO_ARGS);
    }

    /** An unpacked release with the real launcher and options, and a java running {@code javaBody}. */
    private Path release(String cacheFile, String javaBody) throws IOException {
        Path home = tmp.resolve("opt/dos 1.0");
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path app = Files.createDirectories(home.resolve("lib/app"));
        Path runtimeBin = Files.createDirectories(home.resolve("lib/runtime/bin"));
        Files.copy(REPO.resolve("packaging/bin/dos"), bin.resolve("dos"));
        Files.copy(REPO.resolve("packaging/jvm.options"), app.resolve("jvm.options"));
        Files.copy(REPO.resolve("packaging/jvm-heap.sh"), app.resolve("jvm-heap.sh"));
        Files.writeString(app.resolve("dos.jar"), "");
        if (cacheFile != null) {
            Files.writeString(app.resolve(cacheFile), "");
        }
        Path java = runtimeBin.resolve("java");
        Files.writeString(java, "#!/bin/sh\n" + javaBody + "\n");
        assertThat(java.toFile().setExecutable(true)).isTrue();
        return home;
    }

    private List<String> run(Path launcher, Map<String, String> env, String... args) throws Exception {
        Path cwd = Files.createDirectories(tmp.resolve("elsewhere"));
        ProcessBuilder pb = new ProcessBuilder(launcher.toString()).directory(cwd.toFile()).redirectErrorStream(true);
        pb.command().addAll(List.of(args));
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out.lines().toList();
    }

    @Test
    void throughASymlinkItRunsTheBundledRuntimeWithTheSharedOptionsAndTheAotCache() throws Exception {
        Path home = release("dos.aot");
        Path link = Files.createDirectories(tmp.resolve("home/.local/bin")).resolve("dos");
        Files.createSymbolicLink(link, home.resolve("bin/dos"));
        Path app = home.toRealPath().resolve("lib/app");

        List<String> args = run(link, Map.of("JAVA_HOME", "/nonexistent"), "upload", "my folder");

        assertThat(args).containsExactly("@" + app.resolve("jvm.options"), "-XX:AOTCache=" + app.resolve("dos.aot"),
                "-Xlog:aot*=off,cds*=off:stderr", "-Xmx192m", "-jar", app.resolve("dos.jar").toString(), "upload",
                "my folder");
    }

    @Test
    void theHeapCapFollowsTheCommandAndItsTransfersAndDosJavaOptsWin() throws Exception {
        Path home = release(null);
        Path launcher = home.resolve("bin/dos");
        // packaging/jvm-heap.sh: 96 MiB + 24 MiB per transfer for the commands that move chunks
        assertThat(run(launcher, Map.of(), "--config-dir", "download", "download", "--transfers", "16", "id", "dir"))
                .contains("-Xmx480m");
        assertThat(run(launcher, Map.of(), "verify", "--transfers=1", "id")).contains("-Xmx120m");
        assertThat(run(launcher, Map.of(), "resume", "--transfers=1", "id")).contains("-Xmx120m");
        assertThat(run(launcher, Map.of(), "web")).contains("-Xmx288m");
        // Argon2id (256 MiB), the sandbox's emulator in the same JVM, everything else: jvm.options' cap
        for (String[] args : List.of(new String[] {"setup"}, new String[] {"key", "passwd"},
                new String[] {"--sandbox", "upload", "x"}, new String[] {"list"})) {
            assertThat(run(launcher, Map.of(), args)).noneMatch(a -> a.startsWith("-Xmx"));
        }
        assertThat(run(launcher, Map.of("DOS_JAVA_OPTS", "-XX:MaxRAMPercentage=25"), "upload", "x"))
                .noneMatch(a -> a.startsWith("-Xmx")).contains("-XX:MaxRAMPercentage=25");
        assertThat(run(launcher, Map.of("DOS_JAVA_OPTS", "-Xmx1g"), "upload", "x"))
                .filteredOn(a -> a.startsWith("-Xmx")).containsExactly("-Xmx1g");
    }

    /** Threads that allocate natively would each get a glibc arena of their own (packaging/jvm-heap.sh). */
    @Test
    void mallocArenasAreCappedAtTwoUnlessTheUserSetsThem() throws Exception {
        Path home = release(null, "echo \"MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX\"");
        Path launcher = home.resolve("bin/dos");

        assertThat(run(launcher, Map.of(), "upload", "x")).containsExactly("MALLOC_ARENA_MAX=2");
        assertThat(run(launcher, Map.of("MALLOC_ARENA_MAX", "8"), "list")).containsExactly("MALLOC_ARENA_MAX=8");
    }

    @Test
    void aClassDataSharingArchiveIsUsedWhenThereIsNoAotCacheAndDosJavaOptsComeLast() throws Exception {
        Path home = release("dos.jsa");
        Path app = home.toRealPath().resolve("lib/app");

        List<String> args = run(home.resolve("bin/dos"), Map.of("DOS_JAVA_OPTS", "-Xmx2g -Dx=1"), "--version");

        assertThat(args).containsExactly("@" + app.resolve("jvm.options"), "-XX:SharedArchiveFile=" + app.resolve("dos.jsa"),
                "-Xlog:cds*=off:stderr", "-Xmx2g", "-Dx=1", "-jar", app.resolve("dos.jar").toString(), "--version");
    }

    @Test
    void sqlitesNativeLibraryFolderIsPassedWhenTheReleaseHasOne() throws Exception {
        Path home = release("dos.aot");
        Path app = home.toRealPath().resolve("lib/app");
        Files.createDirectories(home.resolve("lib/app/native"));

        List<String> args = run(home.resolve("bin/dos"), Map.of(), "list");

        assertThat(args).containsExactly("@" + app.resolve("jvm.options"), "-XX:AOTCache=" + app.resolve("dos.aot"),
                "-Xlog:aot*=off,cds*=off:stderr", "-Ddos.sqlite.native.dir=" + app.resolve("native"), "-jar",
                app.resolve("dos.jar").toString(), "list");
    }

    @Test
    void withoutACacheItStillRuns() throws Exception {
        Path home = release(null);
        Path app = home.toRealPath().resolve("lib/app");
        assertThat(run(home.resolve("bin/dos"), Map.of(), "list"))
                .containsExactly("@" + app.resolve("jvm.options"), "-jar", app.resolve("dos.jar").toString(), "list");
    }

    @Test
    void itTellsTheCliWhetherStderrIsATerminalAndOverridesAnInheritedAnswer() throws Exception {
        Path home = release(null, "echo \"tty=${DOS_STDERR_TTY-unset}\"");
        Path launcher = home.resolve("bin/dos");

        assertThat(run(launcher, Map.of("DOS_STDERR_TTY", "1"), "list")).containsExactly("tty=0");

        // script(1) runs the launcher on a pseudo-terminal, standard error included
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script (util-linux) is not installed");
        List<String> onTerminal = run(Path.of("/usr/bin/script"), Map.of(), "-qec", "'" + launcher + "' list", "/dev/null");
        assertThat(onTerminal).map(String::strip).contains("tty=1");
    }

    @Test
    void theSharedJvmOptionsAreValidForThisJvmAndPrintNothingOnStdout() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "@" + REPO.resolve("packaging/jvm.options"), "-version").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(err).isZero();
        assertThat(out).isEmpty();
        assertThat(err).contains("version");
    }

    @Test
    void aStartupCacheThatCannotBeUsedIsDroppedSilently() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cache = Runtime.version().feature() >= 25
                ? List.of("-XX:AOTCache=" + tmp.resolve("missing.aot"), "-Xlog:aot*=off,cds*=off:stderr")
                : List.of("-XX:SharedArchiveFile=" + tmp.resolve("missing.jsa"), "-Xlog:cds*=off:stderr");
        List<String> command = new ArrayList<>(List.of(java.toString(), "@" + REPO.resolve("packaging/jvm.options")));
        command.addAll(cache);
        command.add("-version");
        Process p = new ProcessBuilder(command).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(err).isZero();
        assertThat(out).isEmpty();
        assertThat(err).contains("version").doesNotContain("AOT").doesNotContain("shared archive");
    }
}
