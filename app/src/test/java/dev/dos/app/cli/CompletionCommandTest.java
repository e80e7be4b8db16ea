package dev.dos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dos completion bash|zsh}: the scripts are generated from the command definitions and really
 * complete, checked by running bash (and zsh, when installed) on them.
 */
class CompletionCommandTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    static Run dos(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliContext context = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]), Map.of());
        int code = Main.run(context, args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** What bash's completion offers for a command line whose last word is being typed. */
    private List<String> bashCompletes(Path script, String... words) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "-c",
                "source \"$1\"; shift; COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1)); COMP_LINE=\"$*\";"
                        + " COMP_POINT=${#COMP_LINE}; _complete_dos dos 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"",
                "_", script.toString()));
        command.addAll(List.of(words));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private Path save(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text);
    }

    @Test
    void theBashScriptCompletesSubcommandsNestedSubcommandsAndOptions() throws Exception {
        Run run = dos("completion", "bash");
        assertThat(run.code()).as(run.err()).isZero();
        assumeTrue(onPath("bash"), "bash is not installed");
        Path script = save("dos.bash", run.out());

        assertThat(bashCompletes(script, "dos", "up")).containsExactly("upload");
        assertThat(bashCompletes(script, "dos", "")).contains("upload", "download", "list", "completion", "key");
        assertThat(bashCompletes(script, "dos", "key", "p")).containsExactlyInAnyOrder("publish", "passwd");
        assertThat(bashCompletes(script, "dos", "upload", "--tra")).containsExactly("--transfers");
        assertThat(bashCompletes(script, "dos", "completion", "")).contains("bash", "zsh");

        Process p = new ProcessBuilder("bash", "-c", "source \"$1\" && complete -p dos", "_", script.toString())
                .redirectErrorStream(true).start();
        String registered = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        assertThat(registered).contains("-F _complete_dos").contains(" dos");
    }

    @Test
    void theZshScriptIsACompletionFunctionThatRegistersItself() throws Exception {
        Run run = dos("completion", "zsh");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("#compdef dos\n").contains("bashcompinit").contains("_complete_dos");
        assumeTrue(onPath("zsh"), "zsh is not installed");
        Path script = save("_dos", run.out());
        Process p = new ProcessBuilder("zsh", "-f", "-c",
                "autoload -U compinit && compinit -u -d \"$2\" && source \"$1\" && print -r -- \"${_comps[dos]}\"",
                "_", script.toString(), tmp.resolve("zcompdump").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains("_complete_dos");
    }

    @Test
    void anotherShellIsAUsageErrorNamingTheOnesThereAre() {
        Run run = dos("completion", "fish");
        assertThat(run.code()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("bash").contains("zsh");
        assertThat(run.out()).isEmpty();
    }
}
