package dev.dos.app.cli;

import dev.dos.app.store.StoreSession;
import dev.dos.core.config.DosConfig;
import dev.dos.core.config.DosPaths;
import dev.dos.core.config.OwnerOnly;
import dev.dos.core.crypto.KeyCosts;
import dev.dos.core.crypto.KeyFile;
import dev.dos.core.keys.PublishedKeys;
import dev.dos.discord.DiscordRemote;
import dev.dos.discord.DiscordSettings;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.ParentCommand;

/**
 * What the {@code dos key} commands share: the config, the key file, passphrases (from the
 * environment, else asked on the terminal) and the connection to Discord.
 */
abstract class KeySubcommand implements Callable<Integer> {
    /** Where {@code dos key passwd} and {@code dos key import} read a new passphrase from. */
    static final String NEW_PASSPHRASE_ENV = "DOS_NEW_PASSPHRASE";
    static final int MIN_PASSPHRASE_CHARS = 8;
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    @ParentCommand
    KeyCommand key;

    private DosPaths paths;
    private DosConfig config;

    @Override
    public final Integer call() throws Exception {
        if (key.root.sandbox) {
            throw new UserError(ExitCode.USAGE, "the sandbox's key stays in the sandbox; run 'dos key' without --sandbox");
        }
        paths = DosPaths.resolve(context().env(), key.root.configDir, key.root.dataDir);
        StoreSession.checkConfigFiles(paths, err()::println);
        config = DosConfig.load(paths, context().env());
        return run();
    }

    abstract int run() throws Exception;

    CliContext context() {
        return key.root.context;
    }

    PrintStream out() {
        return context().out();
    }

    PrintStream err() {
        return context().err();
    }

    KeyCosts costs() {
        return context().keyCosts();
    }

    DosPaths paths() {
        return paths;
    }

    DosConfig config() {
        return config;
    }

    Path keyFile() {
        return (config.keyFile() != null ? config.keyFile() : paths.defaultKeyFile()).toAbsolutePath();
    }

    boolean keyFileExists() {
        return Files.exists(keyFile(), LinkOption.NOFOLLOW_LINKS);
    }

    /** The local key file; missing is a clear error. */
    KeyFile readKeyFile() throws IOException {
        if (!keyFileExists()) {
            throw new UserError(ExitCode.NOT_FOUND, "no key file at " + keyFile() + ": run 'dos setup' (or 'dos setup"
                    + " --recover' on a new machine, or 'dos key import KIT' from a recovery kit)");
        }
        OwnerOnly.warnIfNotPrivate(keyFile(), err()::println);
        return KeyFile.read(keyFile());
    }

    /** Moves the key file aside as {@code key.replaced-<time>}, as setup --force does; returns where. */
    Path moveKeyFileAside() throws IOException {
        Path aside = keyFile().resolveSibling(keyFile().getFileName() + ".replaced-" + STAMP.format(Instant.now()));
        Files.move(keyFile(), aside, StandardCopyOption.ATOMIC_MOVE);
        return aside;
    }

    /** Whether Discord is configured here (token, server, channels, backup channel). */
    boolean discordConfigured() {
        return config.token() != null && config.guildId() != null && config.storageChannelId() != null
                && config.indexChannelId() != null && config.backupChannelId() != null;
    }

    DiscordRemote connect() {
        if (!discordConfigured()) {
            throw new UserError(ExitCode.USAGE, "dos is not connected to Discord here (no bot token, server or"
                    + " channels in " + paths.configFile() + "): run 'dos setup' first");
        }
        DiscordSettings settings = DiscordSettings.builder()
                .baseUrl(config.apiBaseUrl().toString()).token(config.token()).guildId(config.guildId())
                .channels(config.storageChannelId(), config.indexChannelId(), config.backupChannelId())
                .build();
        return DiscordRemote.connect(settings);
    }

    PublishedKeys published(DiscordRemote remote) {
        return new PublishedKeys(remote, costs().published());
    }

    /** For messages: the config knows only the channel's id. */
    String backupChannel() {
        return "the backup channel";
    }

    /** The passphrase of an existing key: DOS_PASSPHRASE, else asked on the terminal. */
    char[] passphrase(String question) {
        String given = context().env().get(StoreSession.PASSPHRASE_ENV);
        if (given != null) {
            return given.toCharArray();
        }
        char[] typed = console().map(c -> c.readPassword("%s: ", question)).orElse(null);
        if (typed == null) {
            throw new UserError(ExitCode.AUTH, "no passphrase: set " + StoreSession.PASSPHRASE_ENV
                    + " or run dos in a terminal");
        }
        return typed;
    }

    /** A new passphrase: DOS_NEW_PASSPHRASE, else asked twice on the terminal; at least 8 characters. */
    char[] newPassphrase() {
        String given = context().env().get(NEW_PASSPHRASE_ENV);
        if (given != null) {
            if (given.length() < MIN_PASSPHRASE_CHARS) {
                throw new UserError(ExitCode.USAGE, "the passphrase in " + NEW_PASSPHRASE_ENV + " is too short: use at"
                        + " least " + MIN_PASSPHRASE_CHARS + " characters");
            }
            return given.toCharArray();
        }
        Console console = console().orElseThrow(() -> new UserError(ExitCode.USAGE, "no new passphrase: set "
                + NEW_PASSPHRASE_ENV + " or run dos in a terminal"));
        for (int attempt = 1; ; attempt++) {
            char[] first = console.readPassword("New passphrase (at least %d characters): ", MIN_PASSPHRASE_CHARS);
            if (first == null) {
                throw new UserError(ExitCode.USAGE, "no new passphrase given");
            }
            char[] second = first.length < MIN_PASSPHRASE_CHARS ? null : console.readPassword("The same again: ");
            if (second != null && Arrays.equals(first, second)) {
                Arrays.fill(second, '\0');
                return first;
            }
            String problem = second == null ? "That passphrase is too short." : "The two passphrases differ.";
            Arrays.fill(first, '\0');
            if (second != null) {
                Arrays.fill(second, '\0');
            }
            if (attempt >= 3) {
                throw new UserError(ExitCode.USAGE, problem + " Nothing was changed.");
            }
            console.printf("%s Try again.%n", problem);
        }
    }

    /** The terminal, only when standard input is this process's own. */
    private java.util.Optional<Console> console() {
        return context().in() == System.in ? java.util.Optional.ofNullable(System.console()) : java.util.Optional.empty();
    }
}
