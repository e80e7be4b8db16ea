package dev.dos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through the command line (picocli {@code execute()}), against the sandbox's
 * embedded emulator over real HTTP on 127.0.0.1, with real SQLite and key files.
 */
class CliRoundTripTest {

    @TempDir
    Path home;


    private SandboxHome.Run dos(String... args) {
        return new SandboxHome(home).dos(args);
    }

    private static Path tree(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("sub/deeper"));
        Files.writeString(dir.resolve("a.txt"), "hello\n".repeat(1000));
        Files.writeString(dir.resolve("sub/\u00fcber \u65e5\u672c.txt"), "non-ascii name\n");
        byte[] random = new byte[300_000];
        new Random(1).nextBytes(random);
        Files.write(dir.resolve("sub/deeper/random.bin"), random);
        Files.createFile(dir.resolve("empty"));
        return dir;
    }

    @Test
    void uploadListInfoVerifyRestoreAndDeleteThroughTheCli() throws Exception {
        Path src = tree(home.resolve("src"));

        SandboxHome.Run up = dos("upload", "--json", "--chunk-size", "100000", src.toString());
        assertThat(up.code()).as(up.err()).isZero();
        String id = up.json().get("batch_id").asText();
        assertThat(id).matches("[0-9a-f]{32}");
        assertThat(up.json().get("chunks").asInt()).isGreaterThan(1);

        SandboxHome.Run list = dos("list", "--json");
        assertThat(list.code()).isZero();
        assertThat(list.json().get("batches").get(0).get("batch_id").asText()).isEqualTo(id);
        assertThat(list.json().get("batches").get(0).get("state").asText()).isEqualTo("complete");

        SandboxHome.Run info = dos("info", id.substring(0, 8), "--json");
        assertThat(info.code()).isZero();
        assertThat(info.out()).contains("src/sub/\u00fcber \u65e5\u672c.txt");

        SandboxHome.Run verify = dos("verify", id, "--deep", "--json");
        assertThat(verify.code()).as(verify.err()).isZero();
        assertThat(verify.json().get("ok").asBoolean()).isTrue();

        Path dest = home.resolve("restored");
        SandboxHome.Run down = dos("download", id, dest.toString(), "--json");
        assertThat(down.code()).as(down.err()).isZero();
        assertThat(DemoCommand.sameTree(src, dest.resolve("src"))).isTrue();

        Path one = home.resolve("one");
        SandboxHome.Run single = dos("download", id, one.toString(), "--file", "src/a.txt", "--json");
        assertThat(single.code()).as(single.err()).isZero();
        assertThat(single.json().get("chunks_fetched").asInt())
                .isLessThan(single.json().get("chunks_total").asInt());
        assertThat(Files.readString(one.resolve("src/a.txt"))).isEqualTo(Files.readString(src.resolve("a.txt")));
        assertThat(one.resolve("src/sub")).doesNotExist();

        SandboxHome.Run stats = dos("stats", "--json");
        assertThat(stats.json().get("batches").asInt()).isEqualTo(1);

        SandboxHome.Run delete = dos("delete", id);
        assertThat(delete.code()).isZero();
        assertThat(dos("list", "--json").json().get("total").asInt()).isZero();
        assertThat(dos("info", id).code()).isEqualTo(ExitCode.NOT_FOUND);
    }

    @Test
    void restoringOverExistingFilesLeavesThemUnlessOverwrite() throws Exception {
        Path src = tree(home.resolve("src"));
        String id = dos("upload", "--json", src.toString()).json().get("batch_id").asText();
        Path dest = home.resolve("dest");
        Files.createDirectories(dest.resolve("src"));
        Files.writeString(dest.resolve("src/a.txt"), "mine");

        SandboxHome.Run keep = dos("download", id, dest.toString(), "-q");
        assertThat(Files.readString(dest.resolve("src/a.txt"))).isEqualTo("mine");
        assertThat(keep.code()).isEqualTo(ExitCode.OK);

        SandboxHome.Run replace = dos("download", id, dest.toString(), "--overwrite", "-q");
        assertThat(replace.code()).as(replace.err()).isZero();
        assertThat(Files.readString(dest.resolve("src/a.txt"))).isEqualTo(Files.readString(src.resolve("a.txt")));
    }

    @Test
    void errorsAreOneLineWithTheirExitCodes() throws Exception {
        SandboxHome.Run missing = dos("upload", home.resolve("nope").toString());
        assertThat(missing.code()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(missing.err().strip().lines()).hasSize(1);
        assertThat(missing.err()).contains("nope").doesNotContain("Exception");

        assertThat(dos("info", "abcd1234").code()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(dos("upload").code()).isEqualTo(ExitCode.USAGE);
        assertThat(dos("verify", "--bogus").code()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void aWrongPassphraseIsRefusedAsWrongKey() throws Exception {
        assertThat(dos("resume").code()).isZero(); // creates the sandbox key with DOS_PASSPHRASE
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliContext context = new CliContext(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true),
                new ByteArrayInputStream(new byte[0]), Map.of("HOME", home.toString(), "DOS_PASSPHRASE", "wrong"));
        // 'list', 'info' and 'stats' open no key (IndexOnlyCommandsTest); every command that does refuses.
        int code = Main.run(context, "--sandbox", "resume");
        assertThat(code).isEqualTo(ExitCode.AUTH);
        assertThat(err.toString()).contains("wrong key").doesNotContain("correct horse");
    }

    @Test
    void aSecondSandboxCommandWhileOneRunsIsRefusedAsAConflict() throws Exception {
        assertThat(dos("stats").code()).isZero();
        java.nio.file.Path emulatorData = home.resolve(".local/share/dos/sandbox/emulator");
        try (var running = dev.dos.emulator.DiscordEmulator.start(
                dev.dos.emulator.EmulatorConfig.builder().dataDir(emulatorData).build())) {
            SandboxHome.Run second = dos("resume");
            assertThat(second.code()).isEqualTo(ExitCode.CONFLICT);
            assertThat(second.err().strip().lines()).hasSize(1);
            assertThat(second.err()).contains("sandbox is in use by another dos process");
            // Reading the index alone starts no emulator: it does not wait for the other process.
            SandboxHome.Run list = dos("list");
            assertThat(list.code()).as(list.err()).isZero();
        }
        assertThat(dos("list").code()).isZero();
    }

}
