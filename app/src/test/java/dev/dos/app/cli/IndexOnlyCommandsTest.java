package dev.dos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code list}, {@code info} and {@code stats} read only the local index: they open it without a
 * passphrase (no {@code DOS_PASSPHRASE}, no console), without unlocking the key and without a
 * request to Discord; the commands that use the key still refuse to run without one.
 */
class IndexOnlyCommandsTest {
    /** No DOS_PASSPHRASE, and stdin empty: nothing could give a passphrase. */
    private static final Map<String, String> NO_PASSPHRASE = Map.of();

    @TempDir
    Path home;

    @Test
    void listInfoAndStatsWorkWithoutAPassphraseAndWithoutDiscord() throws Exception {
        try (EmulatedDiscord discord = EmulatedDiscord.withStore(home)) {
            Path src = tree(home.resolve("src"));
            EmulatedDiscord.Run upload = discord.dos("upload", "-q", "--json", src.toString());
            assertThat(upload.code()).as(upload.all()).isZero();
            String id = upload.json().get("batch_id").asText();

            discord.emulator.admin().clearRequests();
            EmulatedDiscord.Run list = noPassphrase(discord, "list");
            assertThat(list.code()).as(list.all()).isZero();
            assertThat(list.out()).contains(id.substring(0, 8)).contains("src");
            assertThat(list.err()).isEmpty();

            EmulatedDiscord.Run listJson = noPassphrase(discord, "list", "--json");
            assertThat(listJson.code()).as(listJson.all()).isZero();
            assertThat(listJson.json().toString()).contains(id);

            EmulatedDiscord.Run info = noPassphrase(discord, "info", id.substring(0, 8));
            assertThat(info.code()).as(info.all()).isZero();
            assertThat(info.out()).contains("batch    " + id).contains("notes.txt").contains("data.bin");

            EmulatedDiscord.Run infoJson = noPassphrase(discord, "info", "--json", id);
            assertThat(infoJson.code()).as(infoJson.all()).isZero();
            assertThat(infoJson.json().toString()).contains(id).contains("notes.txt");

            EmulatedDiscord.Run missing = noPassphrase(discord, "info", "ffffffff");
            assertThat(missing.code()).as(missing.all()).isEqualTo(ExitCode.NOT_FOUND);

            EmulatedDiscord.Run stats = noPassphrase(discord, "stats");
            assertThat(stats.code()).as(stats.all()).isZero();
            EmulatedDiscord.Run statsJson = noPassphrase(discord, "stats", "--json");
            assertThat(statsJson.code()).as(statsJson.all()).isZero();
            assertThat(statsJson.json().toString()).contains("1");

            assertThat(discord.emulator.admin().requests()).as("requests to Discord").isEmpty();

            // What uses the key still needs the passphrase, and says how to give it.
            Path dest = home.resolve("restore");
            for (String[] args : new String[][]{{"download", "-q", id, dest.toString()}, {"verify", "-q", id},
                    {"upload", "-q", src.toString()}}) {
                EmulatedDiscord.Run refused = noPassphrase(discord, args);
                assertThat(refused.code()).as(String.join(" ", args) + ": " + refused.all()).isEqualTo(ExitCode.AUTH);
                assertThat(refused.err()).contains("passphrase");
            }
            assertThat(dest).doesNotExist();
        }
    }

    @Test
    void aStoreNeverSetUpIsStillRefused() {
        EmulatedDiscord.Run list = EmulatedDiscord.dosAt(home, dev.dos.core.crypto.KeyCosts.TESTING, NO_PASSPHRASE,
                new ByteArrayInputStream(new byte[0]), "list");
        assertThat(list.code()).as(list.all()).isNotZero();
        assertThat(list.err()).contains("dos setup");
    }

    @Test
    void inTheSandboxTheyReadTheIndexWithoutTheKey() throws Exception {
        SandboxHome sandbox = new SandboxHome(home).withTestingKey();
        SandboxHome.Run upload = sandbox.dos("upload", "-q", "--json", tree(home.resolve("src")).toString());
        assertThat(upload.code()).as(upload.err()).isZero();
        String id = upload.json().get("batch_id").asText();
        // A wrong passphrase would fail any unlock: these commands do not try one.
        Map<String, String> env = Map.of("HOME", home.toString(), "DOS_PASSPHRASE", "not the sandbox's passphrase");
        assertThat(run(env, "--sandbox", "list")).contains(id.substring(0, 8));
        assertThat(run(env, "--sandbox", "info", id)).contains("notes.txt");
        assertThat(run(env, "--sandbox", "stats")).isNotBlank();
        assertThat(sandbox.dos("download", "-q", id, home.resolve("restore").toString()).code()).isZero();
    }

    private static EmulatedDiscord.Run noPassphrase(EmulatedDiscord discord, String... args) {
        return discord.dos(NO_PASSPHRASE, new ByteArrayInputStream(new byte[0]), args);
    }

    /** Runs dos in-process and returns its stdout; fails unless it exits 0 with nothing on stderr. */
    private static String run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliContext context = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]), env);
        int code = Main.run(context, args);
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(String.join(" ", args) + ": " + stderr).isZero();
        assertThat(stderr).as(String.join(" ", args)).isEmpty();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Path tree(Path root) throws IOException {
        Path dir = Files.createDirectories(root.resolve("sub"));
        Files.write(dir.resolve("data.bin"), SandboxHome.random(20_000, 7));
        Files.writeString(root.resolve("notes.txt"), "a line of notes\n".repeat(100));
        return root;
    }
}
