package dev.dos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress is for people on a terminal and for logs elsewhere: bars only when stderr is a
 * terminal, otherwise one line when a phase starts and one when it ends, never escape codes;
 * {@code --quiet} silences both.
 */
class ProgressOutputTest {
    @TempDir
    Path home;

    private EmulatedDiscord discord;
    private String batch;

    @BeforeEach
    void setUp() throws Exception {
        discord = EmulatedDiscord.withStore(home);
        Path src = Files.createDirectories(home.resolve("src"));
        Files.writeString(src.resolve("tiny.txt"), "abc");
        EmulatedDiscord.Run upload = discord.dos("upload", "--json", "-q", src.toString());
        assertThat(upload.code()).as(upload.all()).isZero();
        batch = upload.json().path("batch_id").asText();
    }

    @AfterEach
    void tearDown() {
        discord.close();
    }

    @Test
    void notOnATerminalEachPhaseIsOneLineAtItsStartAndOneAtItsEnd() {
        EmulatedDiscord.Run run = discord.dos(env("0"), stdin(), "download", batch, home.resolve("out").toString(),
                "--file", "src/tiny.txt");

        assertThat(run.code()).as(run.all()).isZero();
        assertThat(run.err()).doesNotContain("\u001b").doesNotContain("\r").doesNotContain("0/0");
        assertThat(run.err().lines().filter(l -> l.startsWith("download: ")).toList())
                .hasSize(2)
                .satisfies(l -> assertThat(l.get(0)).startsWith("download: started"))
                .satisfies(l -> assertThat(l.get(1)).matches("download: done, \\S+ \\S+ in \\d+\\.\\d s \\(.*/s\\)"));
    }

    @Test
    void onATerminalItIsABarRedrawnInPlace() {
        EmulatedDiscord.Run run = discord.dos(env("1"), stdin(), "download", batch, home.resolve("out").toString());

        assertThat(run.code()).as(run.all()).isZero();
        assertThat(run.err()).contains("\r").contains("download");
        assertThat(run.err()).doesNotContain("download: started");
    }

    @Test
    void quietSilencesBothForms() {
        for (String terminal : new String[] {"0", "1"}) {
            EmulatedDiscord.Run run = discord.dos(env(terminal), stdin(), "download", "-q", batch,
                    home.resolve("out-" + terminal).toString());
            assertThat(run.code()).as(run.all()).isZero();
            assertThat(run.err()).as("stderr with DOS_STDERR_TTY=" + terminal).isEmpty();
        }
    }

    @Test
    void aSyncNotOnATerminalIsTwoLinesToo() {
        EmulatedDiscord.Run run = discord.dos(env("0"), stdin(), "sync", "--reset");

        assertThat(run.code()).as(run.all()).isZero();
        assertThat(run.err()).doesNotContain("\u001b").doesNotContain("\r");
        assertThat(run.err().lines().filter(l -> l.startsWith("sync: ")).toList()).hasSize(2)
                .last().asString().matches("sync: done, 1 batches examined in \\d+\\.\\d s");
    }

    private static Map<String, String> env(String terminal) {
        return Map.of("DOS_PASSPHRASE", EmulatedDiscord.PASSPHRASE, CliContext.STDERR_TTY, terminal);
    }

    private static ByteArrayInputStream stdin() {
        return new ByteArrayInputStream(new byte[0]);
    }
}
