package dev.dos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dos.core.config.DosConfig;
import dev.dos.core.config.DosPaths;
import dev.dos.core.crypto.Argon2Params;
import dev.dos.core.crypto.KeyFile;
import dev.dos.emulator.DiscordEmulator;
import dev.dos.emulator.EmulatorConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dos sync} end to end: the index rebuilt from the (emulated) Discord alone after the database
 * is lost, and two machines (two config and data directories, one key) sharing one Discord server.
 */
class SyncCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSPHRASE = "correct horse";

    @TempDir
    Path home;

    record Run(int code, String out, String err) {
        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }
    }

    private Run dos(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = Map.of("HOME", home.toString(), "DOS_PASSPHRASE", PASSPHRASE);
        CliContext context = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]), env);
        int code = Main.run(context, args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs dos as the machine whose config and data live under {@code <home>/<machine>}. */
    private Run on(String machine, String... args) {
        Path base = home.resolve(machine);
        String[] all = Stream.concat(Stream.of("--config-dir", base.resolve("config").toString(),
                "--data-dir", base.resolve("data").toString()), Stream.of(args)).toArray(String[]::new);
        return dos(all);
    }

    private static Path tree(Path dir, int seed) throws IOException {
        Files.createDirectories(dir.resolve("sub/deeper"));
        Files.writeString(dir.resolve("a.txt"), ("hello " + seed + "\n").repeat(1000));
        Files.writeString(dir.resolve("sub/\u00fcber \u65e5\u672c.txt"), "non-ascii name " + seed);
        byte[] random = new byte[300_000];
        new Random(seed).nextBytes(random);
        Files.write(dir.resolve("sub/deeper/random.bin"), random);
        Files.createFile(dir.resolve("empty"));
        return dir;
    }

    private static String upload(Run run) throws IOException {
        assertThat(run.code()).as(run.err()).isZero();
        return run.json().get("batch_id").asText();
    }

    @Test
    void afterDeletingTheDatabaseSyncResetRebuildsTheIndexAndDownloadRestoresEverything() throws Exception {
        Path photos = tree(home.resolve("photos"), 1);
        Path papers = tree(home.resolve("papers"), 2);
        String one = upload(dos("--sandbox", "upload", "--json", "--chunk-size", "100000", photos.toString()));
        String two = upload(dos("--sandbox", "upload", "--json", papers.toString()));

        Path sandbox = home.resolve(".local/share/dos/sandbox");
        for (String file : new String[] {"metadata.db", "metadata.db-wal", "metadata.db-shm"}) {
            Files.deleteIfExists(sandbox.resolve(file));
        }
        assertThat(dos("--sandbox", "list", "--json").json().get("total").asInt()).isZero();

        Run reset = dos("--sandbox", "sync", "--reset");
        assertThat(reset.code()).as(reset.err()).isZero();
        assertThat(reset.out()).contains("index rebuilt from Discord: 2 added, 0 updated, 0 unchanged, 0 removed");

        JsonNode list = dos("--sandbox", "list", "--json").json();
        assertThat(list.get("total").asInt()).isEqualTo(2);
        assertThat(list.get("batches").findValuesAsText("state")).containsOnly("complete");
        assertThat(list.get("batches").findValuesAsText("name")).containsExactlyInAnyOrder("photos", "papers");

        Run down = dos("--sandbox", "download", one, home.resolve("out").toString(), "--json");
        assertThat(down.code()).as(down.err()).isZero();
        assertThat(DemoCommand.sameTree(photos, home.resolve("out/photos"))).isTrue();
        assertThat(dos("--sandbox", "download", two, home.resolve("out").toString(), "-q").code()).isZero();
        assertThat(DemoCommand.sameTree(papers, home.resolve("out/papers"))).isTrue();

        Run again = dos("--sandbox", "sync", "--json");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.json().get("cards_read").asInt()).isZero();
        assertThat(again.json().get("added")).isEmpty();
        assertThat(again.json().get("clean").asBoolean()).isTrue();
    }

    @Test
    void syncResetReadsNoThreadUnlessDeepAsksItToFindEveryChunkAtOnce() throws Exception {
        Path photos = tree(home.resolve("photos"), 6);
        String id = upload(dos("--sandbox", "upload", "--json", "--chunk-size", "100000", photos.toString()));
        Path sandbox = home.resolve(".local/share/dos/sandbox");
        for (String file : new String[] {"metadata.db", "metadata.db-wal", "metadata.db-shm"}) {
            Files.deleteIfExists(sandbox.resolve(file));
        }

        Run lazy = dos("--sandbox", "sync", "--reset", "--json");
        assertThat(lazy.code()).as(lazy.err()).isZero();
        assertThat(lazy.json().get("added").get(0).asText()).isEqualTo(id);
        JsonNode chunks = dos("--sandbox", "info", id, "--json").json().get("chunk_list");
        assertThat(chunks.findValuesAsText("state")).as("located when a download needs them").containsOnly("remote");

        Run deep = dos("--sandbox", "sync", "--reset", "--deep", "--json");
        assertThat(deep.code()).as(deep.err()).isZero();
        assertThat(deep.json().get("clean").asBoolean()).isTrue();
        chunks = dos("--sandbox", "info", id, "--json").json().get("chunk_list");
        assertThat(chunks.findValuesAsText("state")).as("every thread read").hasSizeGreaterThan(1).containsOnly("posted");
        assertThat(chunks.findValues("message_id")).noneMatch(JsonNode::isNull);

        Run plainDeep = dos("--sandbox", "sync", "--deep", "--json");
        assertThat(plainDeep.code()).as(plainDeep.err()).isZero();
        assertThat(plainDeep.json().get("removed")).isEmpty();
        Run down = dos("--sandbox", "download", id, home.resolve("out").toString(), "-q");
        assertThat(down.code()).as(down.err()).isZero();
        assertThat(DemoCommand.sameTree(photos, home.resolve("out/photos"))).isTrue();
    }

    @Test
    void twoMachinesSharingOneDiscordServerAndKeySyncAndRestoreEachOthersBatches() throws Exception {
        try (DiscordEmulator discord = DiscordEmulator.start(EmulatorConfig.defaults())) {
            configure("laptop", discord);
            configure("desktop", discord);
            Path laptopKey = home.resolve("laptop/config/key");
            KeyFile.create(laptopKey, PASSPHRASE.toCharArray(), Argon2Params.TESTING);
            Files.copy(laptopKey, home.resolve("desktop/config/key"));

            Path laptopFiles = tree(home.resolve("laptop-files"), 3);
            String fromLaptop = upload(on("laptop", "upload", "--json", "--chunk-size", "100000",
                    laptopFiles.toString()));

            Run desktopSync = on("desktop", "sync", "--json");
            assertThat(desktopSync.code()).as(desktopSync.err()).isZero();
            assertThat(desktopSync.json().get("added").get(0).asText()).isEqualTo(fromLaptop);
            Run onDesktop = on("desktop", "download", fromLaptop, home.resolve("on-desktop").toString(), "-q");
            assertThat(onDesktop.code()).as(onDesktop.err()).isZero();
            assertThat(DemoCommand.sameTree(laptopFiles, home.resolve("on-desktop/laptop-files"))).isTrue();

            Path desktopFiles = tree(home.resolve("desktop-files"), 4);
            String fromDesktop = upload(on("desktop", "upload", "--json", desktopFiles.toString()));
            Run laptopSync = on("laptop", "sync");
            assertThat(laptopSync.code()).as(laptopSync.err()).isZero();
            assertThat(laptopSync.out()).contains("synced with Discord: 1 added, 0 updated, 1 unchanged");
            Run onLaptop = on("laptop", "download", fromDesktop, home.resolve("on-laptop").toString(), "-q");
            assertThat(onLaptop.code()).as(onLaptop.err()).isZero();
            assertThat(DemoCommand.sameTree(desktopFiles, home.resolve("on-laptop/desktop-files"))).isTrue();

            assertThat(on("laptop", "delete", fromLaptop).code()).isZero();
            Run afterDelete = on("desktop", "sync", "--json");
            assertThat(afterDelete.json().get("removed").get(0).asText()).isEqualTo(fromLaptop);
            JsonNode desktopList = on("desktop", "list", "--json").json();
            assertThat(desktopList.get("batches").findValuesAsText("batch_id")).containsExactly(fromDesktop);
        }
    }

    @Test
    void anotherKeysBatchIsReportedWithExitCodePartialAndNotListed() throws Exception {
        try (DiscordEmulator discord = DiscordEmulator.start(EmulatorConfig.defaults())) {
            configure("mine", discord);
            configure("theirs", discord);
            KeyFile.create(home.resolve("mine/config/key"), PASSPHRASE.toCharArray(), Argon2Params.TESTING);
            KeyFile.create(home.resolve("theirs/config/key"), PASSPHRASE.toCharArray(), Argon2Params.TESTING);
            String theirs = upload(on("theirs", "upload", "--json", tree(home.resolve("t"), 5).toString()));

            Run sync = on("mine", "sync");

            assertThat(sync.code()).isEqualTo(ExitCode.PARTIAL);
            assertThat(sync.out()).contains("1 problem found:").contains("wrong key " + theirs)
                    .contains("not recorded");
            assertThat(on("mine", "list", "--json").json().get("total").asInt()).isZero();
        }
    }

    /** Points a machine's config at the emulator; its key file goes to the default place beside it. */
    private void configure(String machine, DiscordEmulator discord) {
        Path base = home.resolve(machine);
        DosPaths paths = new DosPaths(base.resolve("config"), base.resolve("data"));
        paths.createDirectories();
        new DosConfig(discord.token(), discord.guildId(), discord.channelId("storage"), discord.channelId("index"),
                discord.channelId("backup"), URI.create(discord.baseUrl()), null, null, null).save(paths);
    }
}
