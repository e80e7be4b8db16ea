package dev.dos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Main builds only the part of the command tree a command line needs (start-up time): the lazy
 * tree must know every subcommand and alias of the whole one, and behave like it.
 */
class CommandTreeTest {
    private static final CliContext QUIET = new CliContext(new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(new ByteArrayOutputStream()), new ByteArrayInputStream(new byte[0]), Map.of());

    @Test
    void everyNameAndAliasOfTheWholeTreeMakesItsOwnCommand() {
        CommandLine full = Main.fullCommandLine(QUIET);
        List<String> names = new ArrayList<>(full.getSubcommands().keySet());
        assertThat(names).contains("upload", "restore", "ls", "rm", "completion");
        for (String name : names) {
            Object expected = full.getSubcommands().get(name).getCommand();
            assertThat(Main.subcommand(name)).as(name).isNotNull().hasSameClassAs(expected);
        }
        assertThat(Main.subcommand("no-such-command")).isNull();
    }

    @Test
    void aCommandLineGetsTheRootWithOnlyTheSubcommandItNames() {
        assertThat(Main.commandLineFor(QUIET, "--sandbox", "--data-dir", "list", "info", "x")
                .getSubcommands().keySet()).containsExactlyInAnyOrder("info");
        assertThat(Main.commandLineFor(QUIET, "--config-dir=/c", "ls", "--json").getSubcommands())
                .containsOnlyKeys("list", "ls");
        assertThat(Main.commandLineFor(QUIET, "--version").getSubcommands()).isEmpty();
        // help, no command, unknown names and "--": the whole tree (usage lists all, suggestions work)
        int all = Main.fullCommandLine(QUIET).getSubcommands().size();
        for (String[] args : List.of(new String[] {"--help"}, new String[0], new String[] {"uplod"},
                new String[] {"--version", "--help"}, new String[] {"--", "list"})) {
            assertThat(Main.commandLineFor(QUIET, args).getSubcommands()).as(String.join(" ", args)).hasSize(all);
        }
    }

    @Test
    void rootOptionsStillWorkAfterTheSubcommandAndHelpListsEverything() {
        CompletionCommandTest.Run help = CompletionCommandTest.dos("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("upload", "download", "restore-db", "completion", "emulator");
        CompletionCommandTest.Run typo = CompletionCommandTest.dos("uplod");
        assertThat(typo.code()).isNotZero();
        assertThat(typo.err()).contains("upload");
        CompletionCommandTest.Run subHelp = CompletionCommandTest.dos("list", "--help", "--debug");
        assertThat(subHelp.code()).as(subHelp.err()).isZero();
        assertThat(subHelp.out()).contains("Usage: dos list", "--json");
        String out = new String(runOut("completion", "bash"), StandardCharsets.UTF_8);
        assertThat(out).contains("upload", "restore-db", "serve");
    }

    private static byte[] runOut(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CliContext context = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream()), new ByteArrayInputStream(new byte[0]), Map.of());
        assertThat(Main.run(context, args)).isZero();
        return out.toByteArray();
    }
}
