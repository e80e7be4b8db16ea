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
 * JDK search folder of the test's choosing.
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
