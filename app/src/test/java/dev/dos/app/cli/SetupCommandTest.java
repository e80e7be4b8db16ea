package dev.dos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.core.crypto.KeyFile;
import dev.dos.core.crypto.KeyFingerprint;
import dev.dos.core.testing.Reliability;
import dev.dos.discord.DiscordRestClient;
import dev.dos.discord.RetrySettings;
import dev.dos.app.setup.BotPermission;
import dev.dos.discord.api.Channel;
import dev.dos.discord.api.PermissionOverwrite;
import dev.dos.emulator.model.Permission;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dos setup} end to end against the Discord emulator: prompts answered from a scripted
 * input as a person would, or flags and environment as a script would.
 */
class SetupCommandTest {
    @TempDir
    Path home;

    EmulatedDiscord discord;

    @BeforeEach
    void start() throws IOException {
        discord = new EmulatedDiscord(home);
    }

    @AfterEach
    void stop() {
        discord.close();
    }

    private EmulatedDiscord.Run interactive(ScriptedInput input, String... extra) {
        String[] args = Stream.concat(Stream.of("setup", "--api-base-url", discord.emulator.baseUrl()), Stream.of(extra))
                .toArray(String[]::new);
        return discord.dos(Map.of(), input, args);
    }

    private Path configFile() {
        return discord.configDir().resolve("config.properties");
    }

    private Path keyFile() {
        return discord.configDir().resolve("key");
    }

    private KeyFingerprint fingerprint(Path key) throws IOException {
        return KeyFile.read(key).fingerprint();
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    private DiscordRestClient client() {
        return new DiscordRestClient(URI.create(discord.emulator.baseUrl()), discord.token(), RetrySettings.DEFAULTS);
    }

    @Test
    void theWizardAsksForEverythingWritesAPrivateConfigAndEndsWithARoundTrip() throws Exception {
        ScriptedInput input = new ScriptedInput()
                .line(discord.token())          // bot token
                .line("")                       // storage: the offered #storage
                .line("#index")                 // index, by name
                .line("1")                      // backup, by its number in the sorted list
                .line(EmulatedDiscord.PASSPHRASE)
                .line(EmulatedDiscord.PASSPHRASE);

        EmulatedDiscord.Run run = interactive(input);

        assertThat(run.code()).as(run.all()).isZero();
        assertThat(input.served()).isEqualTo(6);
        assertThat(run.out()).contains("Server: dos sandbox", "1) #backup", "2) #index", "3) #storage",
                "storage #storage: ok", "index   #index: ok", "backup  #backup: ok", "Round trip OK");
        assertThat(run.all()).doesNotContain(discord.token()).doesNotContain(EmulatedDiscord.PASSPHRASE);

        assertThat(mode(configFile())).isEqualTo("rw-------");
        assertThat(mode(keyFile())).isEqualTo("rw-------");
        assertThat(Files.readAllLines(configFile())).contains(
                "DOS_TOKEN=" + discord.token(),
                "DOS_GUILD_ID=" + discord.emulator.guildId(),
                "DOS_STORAGE_CHANNEL_ID=" + discord.channel("storage"),
                "DOS_INDEX_CHANNEL_ID=" + discord.channel("index"),
                "DOS_BACKUP_CHANNEL_ID=" + discord.channel("backup"),
                "DOS_API_BASE_URL=" + discord.emulator.baseUrl());

        // The config serves every other command, on Discord (here: the emulator), not the sandbox.
        Path src = Files.createDirectories(home.resolve("src"));
        Files.writeString(src.resolve("hello.txt"), "hello\n");
        EmulatedDiscord.Run upload = discord.dos("upload", "--json", src.toString());
        assertThat(upload.code()).as(upload.err()).isZero();
        assertThat(discord.dos("list", "--json").json().get("total").asInt()).isEqualTo(1);

        // Setup's test messages and threads are gone: only the batch's card and thread remain.
        try (DiscordRestClient client = client()) {
            assertThat(client.messagesAfter(discord.channel("index"), "0", 100)).hasSize(1);
            assertThat(client.messagesAfter(discord.channel("backup"), "0", 100)).isEmpty();
            List<String> threads = Stream.concat(
                    client.activeThreads(discord.emulator.guildId()).threads().stream(),
                    client.archivedPublicThreads(discord.channel("storage"), null, 100).threads().stream())
                    .map(Channel::name).toList();
            assertThat(threads).containsExactly("dos-" + upload.json().get("batch_id").asText());
        }
    }

    @Test
    void aWrongTokenIsRefusedThreeTimesAndNothingIsWritten() throws IOException {
        ScriptedInput input = new ScriptedInput().line("wrong-token-1").line("wrong-token-2").line("wrong-token-3");

        EmulatedDiscord.Run run = interactive(input);

        assertThat(run.code()).isEqualTo(ExitCode.AUTH);
        assertThat(run.out()).contains("Discord rejected the bot token (401)");
        assertThat(run.out().split("Try again", -1)).hasSize(3);
        assertThat(run.err()).contains("Discord rejected the bot token").doesNotContain("Exception");
        assertThat(run.all()).doesNotContain("wrong-token");
        assertThat(configFile()).doesNotExist();
        assertThat(keyFile()).doesNotExist();

        Path tokenFile = Files.writeString(home.resolve("token"), "not-the-token\n");
        EmulatedDiscord.Run scripted = discord.dos(Map.of("DOS_PASSPHRASE", EmulatedDiscord.PASSPHRASE),
                new ByteArrayInputStream(new byte[0]), "setup", "--yes", "--api-base-url",
                discord.emulator.baseUrl(), "--token-file", tokenFile.toString(), "--create-channels");
        assertThat(scripted.code()).isEqualTo(ExitCode.AUTH);
        assertThat(scripted.err()).contains("rejected the bot token").doesNotContain("not-the-token");
        assertThat(configFile()).doesNotExist();
    }

    @Test
    void missingPermissionsAreNamedExactlyPerChannelAndStopSetupBeforeTheKey() throws Exception {
        discord.emulator.admin().setChannelPermissions(discord.channel("storage"),
                Permission.ALL & ~Permission.CREATE_PUBLIC_THREADS);
        discord.emulator.admin().setChannelPermissions(discord.channel("index"),
                Permission.ALL & ~(Permission.ATTACH_FILES | Permission.READ_MESSAGE_HISTORY));
        discord.emulator.admin().setChannelPermissions(discord.channel("backup"),
                Permission.ALL & ~Permission.SEND_MESSAGES);

        EmulatedDiscord.Run run = discord.setUp();

        assertThat(run.code()).isEqualTo(ExitCode.AUTH);
        assertThat(run.out()).contains(
                "storage #storage: missing Create Public Threads; not checked until then: Attach Files,"
                        + " Read Message History, Manage Threads, Send Messages in Threads",
                "index   #index: missing Attach Files, Read Message History",
                "backup  #backup: missing Send Messages; not checked until then: Attach Files, Read Message History,"
                        + " Pin Messages",
                "permissions=2252126231301120");
        assertThat(run.err()).contains("the bot lacks permissions: #storage (storage): Create Public Threads;"
                + " #index (index): Attach Files, Read Message History; #backup (backup): Send Messages");
        assertThat(keyFile()).doesNotExist();
        assertThat(configFile()).doesNotExist();
        try (DiscordRestClient client = client()) {
            assertThat(client.messagesAfter(discord.channel("index"), "0", 100)).as("test messages deleted").isEmpty();
        }
    }

    @Test
    void aPermissionFixedWhileTheWizardWaitsPassesOnTheSecondCheck() throws Exception {
        String storage = discord.channel("storage");
        discord.emulator.admin().setChannelPermissions(storage, Permission.ALL & ~Permission.MANAGE_THREADS);
        ScriptedInput input = new ScriptedInput()
                .line(discord.token())
                .line("storage").line("index").line("backup")
                .line("", () -> discord.emulator.admin().setChannelPermissions(storage, Permission.ALL))
                .line(EmulatedDiscord.PASSPHRASE).line(EmulatedDiscord.PASSPHRASE);

        EmulatedDiscord.Run run = interactive(input);

        assertThat(run.code()).as(run.all()).isZero();
        assertThat(run.out()).contains("storage #storage: missing Manage Threads",
                "the test thread dos-setup-permission-check", "is left over: delete it by hand",
                "storage #storage: ok", "Round trip OK");
        assertThat(run.out().indexOf("storage #storage: ok")).isGreaterThan(run.out().indexOf("missing Manage Threads"));
        try (DiscordRestClient client = client()) {
            assertThat(client.archivedPublicThreads(storage, null, 100).threads())
                    .as("the second check deleted the first check's thread").isEmpty();
            assertThat(client.activeThreads(discord.emulator.guildId()).threads()).isEmpty();
        }
    }

    @Test
    void rerunningKeepsTheKeyAndOnlyForceReplacesItKeepingTheOldFile() throws Exception {
        assertThat(discord.setUp().code()).isZero();
        KeyFingerprint first = fingerprint(keyFile());

        EmulatedDiscord.Run again = discord.setUp();
        assertThat(again.code()).as(again.all()).isZero();
        assertThat(again.out()).contains("it is kept");
        assertThat(fingerprint(keyFile())).isEqualTo(first);

        EmulatedDiscord.Run wrong = discord.dos(Map.of("DOS_TOKEN", discord.token(), "DOS_PASSPHRASE", "not the one"),
                new ByteArrayInputStream(new byte[0]), "setup", "--yes", "--api-base-url", discord.emulator.baseUrl());
        assertThat(wrong.code()).isEqualTo(ExitCode.AUTH);
        assertThat(wrong.err()).contains("wrong key");
        assertThat(fingerprint(keyFile())).isEqualTo(first);

        EmulatedDiscord.Run declined = discord.dos(Map.of("DOS_TOKEN", discord.token()), new ScriptedInput().line("n"),
                "setup", "--force", "--api-base-url", discord.emulator.baseUrl());
        assertThat(declined.code()).isEqualTo(ExitCode.USAGE);
        assertThat(declined.out()).contains("WARNING: --force replaces the encryption key");
        assertThat(fingerprint(keyFile())).isEqualTo(first);

        EmulatedDiscord.Run forced = discord.setUp("--force");
        assertThat(forced.code()).as(forced.all()).isZero();
        assertThat(forced.out()).contains("WARNING: --force replaces the encryption key", "Moved the old key to");
        assertThat(fingerprint(keyFile())).isNotEqualTo(first);
        try (Stream<Path> files = Files.list(discord.configDir())) {
            List<Path> aside = files.filter(p -> p.getFileName().toString().startsWith("key.replaced-")).toList();
            assertThat(aside).hasSize(1);
            assertThat(fingerprint(aside.getFirst())).isEqualTo(first);
        }
    }

    @Test
    @Tag(Reliability.TAG)
    void scriptedSetupCreatesTheChannelsOnceAndNamesWhatIsMissing() throws Exception {
        // Invited with exactly the documented permissions (not an administrator), so the private
        // channels' overwrites decide: @everyone is shut out, the bot's own overwrite lets it in.
        discord.emulator.admin().setChannelPermissions(discord.emulator.guildId(),
                BotPermission.REQUIRED_BITS_WITH_CHANNEL_CREATION);
        Map<String, String> env = Map.of("DOS_TOKEN", discord.token(), "DOS_PASSPHRASE", EmulatedDiscord.PASSPHRASE);
        EmulatedDiscord.Run missing = discord.dos(env, new ByteArrayInputStream(new byte[0]),
                "setup", "--yes", "--api-base-url", discord.emulator.baseUrl());
        assertThat(missing.code()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.err()).contains("pass --storage-channel ID|NAME, or --create-channels");

        EmulatedDiscord.Run created = discord.dos(env, new ByteArrayInputStream(new byte[0]),
                "setup", "--yes", "--api-base-url", discord.emulator.baseUrl() + "/", "--create-channels");
        assertThat(created.code()).as(created.all()).isZero();
        assertThat(created.out()).contains("Created channel #dos-storage (private", "Created channel #dos-index (private",
                "Created channel #dos-backup (private", "Round trip OK");
        try (DiscordRestClient client = client()) {
            String bot = client.currentUser().id();
            for (String name : new String[] {"dos-storage", "dos-index", "dos-backup"}) {
                // @everyone may not see it; the bot may, with what it needs.
                assertThat(client.channel(discord.channel(name)).permissionOverwrites()).containsExactlyInAnyOrder(
                        new PermissionOverwrite(discord.emulator.guildId(), PermissionOverwrite.ROLE, "0",
                                Long.toString(Permission.VIEW_CHANNEL)),
                        new PermissionOverwrite(bot, PermissionOverwrite.MEMBER,
                                Long.toString(BotPermission.REQUIRED_BITS), "0"));
            }
        }
        assertThat(Files.readAllLines(configFile())).contains(
                "DOS_STORAGE_CHANNEL_ID=" + discord.channel("dos-storage"),
                "DOS_API_BASE_URL=" + discord.emulator.baseUrl());

        Reliability.record("trust-private-channels", "trust",
                "setup --create-channels by a bot invited without administrator rights", 3, 3,
                "3 channels created with @everyone denied VIEW_CHANNEL and the bot allowed what it needs; round trip OK",
                Reliability.mvnTest("app", "SetupCommandTest#scriptedSetupCreatesTheChannelsOnceAndNamesWhatIsMissing"));

        EmulatedDiscord.Run rerun = discord.dos(env, new ByteArrayInputStream(new byte[0]),
                "setup", "--yes", "--api-base-url", discord.emulator.baseUrl(), "--create-channels");
        assertThat(rerun.code()).as(rerun.all()).isZero();
        assertThat(rerun.out()).contains("Using the existing channel #dos-storage.").doesNotContain("Created channel");
        try (DiscordRestClient client = client()) {
            assertThat(client.guildChannels(discord.emulator.guildId())).extracting(Channel::name)
                    .containsExactlyInAnyOrder("storage", "index", "backup", "dos-storage", "dos-index", "dos-backup");
        }
    }

    @Test
    void theTokenComesFromAFileOrStandardInputNeverFromTheCommandLine() throws Exception {
        String[] base = {"setup", "--yes", "--api-base-url", discord.emulator.baseUrl(), "--storage-channel", "storage",
                "--index-channel", "index", "--backup-channel", "backup"};
        Map<String, String> env = Map.of("DOS_PASSPHRASE", EmulatedDiscord.PASSPHRASE);

        EmulatedDiscord.Run onCommandLine = discord.dos(env, new ByteArrayInputStream(new byte[0]),
                Stream.concat(Stream.of(base), Stream.of("--token", discord.token())).toArray(String[]::new));
        assertThat(onCommandLine.code()).isEqualTo(ExitCode.USAGE);
        assertThat(onCommandLine.err().lines().toList()).singleElement().asString()
                .contains("--token is refused", "ps", "--token-file FILE", "--token-stdin", "DOS_TOKEN");
        assertThat(onCommandLine.all()).doesNotContain(discord.token());
        assertThat(configFile()).doesNotExist();

        EmulatedDiscord.Run piped = discord.dos(env, new ScriptedInput().line(discord.token()),
                Stream.concat(Stream.of(base), Stream.of("--token-stdin")).toArray(String[]::new));
        assertThat(piped.code()).as(piped.all()).isZero();
        assertThat(piped.all()).doesNotContain(discord.token());
        assertThat(Files.readAllLines(configFile())).contains("DOS_TOKEN=" + discord.token());

        Files.delete(configFile());
        Path tokenFile = Files.writeString(home.resolve("bot-token"), discord.token() + "\n");
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-r--r--"));
        EmulatedDiscord.Run fromFile = discord.dos(env, new ByteArrayInputStream(new byte[0]),
                Stream.concat(Stream.of(base), Stream.of("--token-file", tokenFile.toString())).toArray(String[]::new));
        assertThat(fromFile.code()).as(fromFile.all()).isZero();
        assertThat(fromFile.err()).contains("warning: " + tokenFile + " is readable by others");
        assertThat(Files.readAllLines(configFile())).contains("DOS_TOKEN=" + discord.token());
    }

    @Test
    void runningSetupAgainKeepsTheWebRootsOfTheConfig() throws Exception {
        assertThat(discord.setUp().code()).isZero();
        Path root = Files.createDirectories(home.resolve("shared"));
        Files.writeString(configFile(), Files.readString(configFile()) + "DOS_WEB_ROOTS=" + root + "\n");

        EmulatedDiscord.Run again = discord.setUp();

        assertThat(again.code()).as(again.all()).isZero();
        assertThat(Files.readAllLines(configFile())).contains("DOS_WEB_ROOTS=" + root);
    }

    @Test
    void setupRefusesTheSandbox() {
        EmulatedDiscord.Run run = discord.dos("--sandbox", "setup");
        assertThat(run.code()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("the sandbox needs no setup");
    }
}
