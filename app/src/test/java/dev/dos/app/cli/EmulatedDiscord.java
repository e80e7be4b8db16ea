package dev.dos.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dos.core.config.DosPaths;
import dev.dos.core.config.OwnerOnly;
import dev.dos.core.crypto.Argon2Params;
import dev.dos.core.crypto.KeyCosts;
import dev.dos.core.crypto.KeyFile;
import dev.dos.emulator.DiscordEmulator;
import dev.dos.emulator.EmulatorConfig;
import dev.dos.emulator.FaultConfig;
import dev.dos.emulator.RateLimitConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A Discord emulator on 127.0.0.1 standing in for a real Discord server, and a way to run {@code dos}
 * commands in-process against it, as a user whose home directory is {@code home} would: no
 * sandbox, configuration written by {@code dos setup}.
 */
final class EmulatedDiscord implements AutoCloseable {
    static final String PASSPHRASE = "correct horse battery";
    private static final ObjectMapper JSON = new ObjectMapper();

    final DiscordEmulator emulator;
    /** Holds chosen answers of the emulator while the test acts mid-request; inert until asked. */
    final HeldAnswers answers = new HeldAnswers();
    final Path home;
    /** Argon2id parameters of keys the commands make: cheap, unless a test asks for the real ones. */
    private KeyCosts costs = KeyCosts.TESTING;

    EmulatedDiscord(Path home) throws IOException {
        this(home, RateLimitConfig.disabled());
    }

    /** With these rate limits (e.g. Discord's own) instead of none; faults are set through the admin. */
    EmulatedDiscord(Path home, RateLimitConfig rateLimits) throws IOException {
        this.home = home;
        this.emulator = DiscordEmulator.start(EmulatorConfig.builder().port(0).dataDir(null)
                .rateLimits(rateLimits).faults(FaultConfig.none()).seed(11).exchangeListener(answers).build());
    }

    record Run(int code, String out, String err) {
        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }

        /** Everything the command printed, for checks that a secret never appears. */
        String all() {
            return out + err;
        }
    }

    String token() {
        return emulator.token();
    }

    String channel(String name) {
        return emulator.channelId(name);
    }

    Path configDir() {
        return home.resolve(".config/dos");
    }

    Path dataDir() {
        return home.resolve(".local/share/dos");
    }

    /** Runs dos with DOS_PASSPHRASE set and no input. */
    Run dos(String... args) {
        return dos(Map.of("DOS_PASSPHRASE", PASSPHRASE), new ByteArrayInputStream(new byte[0]), args);
    }

    Run dos(Map<String, String> env, InputStream in, String... args) {
        return dosAt(home, costs, env, in, args);
    }

    /** Runs dos in-process as the user whose home is {@code userHome} (another machine's, say). */
    static Run dosAt(Path userHome, KeyCosts costs, Map<String, String> env, InputStream in, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> all = new HashMap<>(env);
        all.put("HOME", userHome.toString());
        CliContext context = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), in, all, costs);
        int code = Main.run(context, args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Makes the commands wrap keys they make (setup, recovery, passphrase changes, imports,
     * published copies) with {@code keyCosts}; {@link KeyCosts#TESTING} unless set. Returns this.
     */
    EmulatedDiscord withCosts(KeyCosts keyCosts) {
        this.costs = keyCosts;
        return this;
    }

    /**
     * Creates the store's key ahead of {@code dos setup} (which then keeps it) with the cheap
     * {@link Argon2Params#TESTING} parameters, so that each command's unlock costs microseconds
     * instead of a 64 MiB Argon2 pass: for tests that run many commands. Returns this.
     */
    EmulatedDiscord withTestingKey() throws IOException {
        Path keyFile = configDir().resolve(DosPaths.KEY_FILE_NAME);
        if (!Files.exists(keyFile)) {
            OwnerOnly.createDirectories(configDir());
            KeyFile.create(keyFile, PASSPHRASE.toCharArray(), Argon2Params.TESTING);
        }
        return this;
    }

    /** An emulator and a store on it, set up by {@code dos setup} with a {@link #withTestingKey testing key}. */
    static EmulatedDiscord withStore(Path home) throws IOException {
        EmulatedDiscord discord = new EmulatedDiscord(home).withTestingKey();
        Run setup = discord.setUp();
        if (setup.code() != 0) {
            discord.close();
            throw new AssertionError("dos setup failed (exit " + setup.code() + "): " + setup.all());
        }
        return discord;
    }

    /** Non-interactive setup onto the seeded channels; the bot keeps its token in the config. */
    Run setUp(String... extra) {
        String[] base = {"setup", "--yes", "--api-base-url", emulator.baseUrl(), "--storage-channel", "storage",
                "--index-channel", "index", "--backup-channel", "backup"};
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(extra))
                .toArray(String[]::new);
        return dos(Map.of("DOS_TOKEN", token(), "DOS_PASSPHRASE", PASSPHRASE), new ByteArrayInputStream(new byte[0]),
                args);
    }

    @Override
    public void close() {
        answers.openAll();
        emulator.close();
    }
}
