package dev.dos.app.cli;

import dev.dos.app.setup.SetupException;
import dev.dos.app.setup.SetupOptions;
import dev.dos.app.setup.SetupWizard;
import dev.dos.app.store.StoreSession;
import dev.dos.core.config.ConfigException;
import dev.dos.core.config.DosPaths;
import dev.dos.core.config.OwnerOnly;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code dos setup}: the setup wizard, interactive or (with --yes) driven by flags and the environment. */
@Command(name = "setup", mixinStandardHelpOptions = true,
        description = {"Connect dos to a Discord server (the setup wizard).",
                "Asks for the bot token, the server and the storage, index and backup",
                "channels, checks the bot's permissions there, creates the encryption key,",
                "writes the config (mode 0600), makes a live round trip of one encrypted",
                "chunk, and publishes the key (wrapped under the passphrase) pinned in the",
                "backup channel. Re-running keeps an existing key unless --force.",
                "On a new machine, --recover takes the published key and rebuilds the index.",
                "Creating the bot: docs/discord-bot-setup.md."},
        footer = {"", "The bot token comes from --token-file, --token-stdin, DOS_TOKEN, the existing config, or a"
                + " prompt; never from the command line, where other users of the machine can read it.",
                "Exit status: 0 done; 2 an answer is missing or invalid; 3 a server, channel or published key does"
                        + " not exist; 5 the token, a permission or the passphrase was refused (wrong key); 1 anything"
                        + " else."})
final class SetupCommand implements Callable<Integer> {
    @ParentCommand
    DosRoot root;

    /** Refused: a token on the command line shows in ps to every user of the machine. */
    @Option(names = "--token", paramLabel = "TOKEN", hidden = true)
    String tokenOnCommandLine;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "Read the bot token from FILE (keep it readable by you only).")
    Path tokenFile;

    @Option(names = "--token-stdin", description = "Read the bot token from the first line of standard input.")
    boolean tokenStdin;

    @Option(names = "--guild", paramLabel = "ID|NAME", description = "The server (needed when the bot is in several).")
    String guild;

    @Option(names = "--storage-channel", paramLabel = "ID|NAME", description = "Channel for batch threads (chunks).")
    String storageChannel;

    @Option(names = "--index-channel", paramLabel = "ID|NAME", description = "Channel for batch cards.")
    String indexChannel;

    @Option(names = "--backup-channel", paramLabel = "ID|NAME", description = "Channel for index backups.")
    String backupChannel;

    @Option(names = "--create-channels",
            description = "Create #dos-storage, #dos-index and #dos-backup for channels not named (reusing ones that exist; needs Manage Channels).")
    boolean createChannels;

    @Option(names = "--api-base-url", paramLabel = "URL",
            description = "Discord API root (default https://discord.com/api/v10); an emulator's for tests.")
    String apiBaseUrl;

    @Option(names = "--passphrase-env", paramLabel = "VAR", defaultValue = StoreSession.PASSPHRASE_ENV,
            description = "Environment variable holding the key's passphrase. Default: ${DEFAULT-VALUE}.")
    String passphraseEnv;

    @Option(names = "--force", description = "Replace an existing key (with a warning; the old file is kept aside).")
    boolean force;

    @Option(names = "--no-key-on-discord",
            description = "Do not publish the wrapped key in the backup channel. Then losing this machine and its key"
                    + " file loses every batch: keep a recovery kit ('dos key export').")
    boolean noKeyOnDiscord;

    @Option(names = "--recover",
            description = "On a new machine: take the key published in the backup channel (DOS_PASSPHRASE or asked),"
                    + " write the key file and rebuild the index from Discord.")
    boolean recover;

    @Option(names = "--key-fingerprint", paramLabel = "FP",
            description = "With --recover: take the published key with this fingerprint (or its first characters)"
                    + " instead of the newest the passphrase opens.")
    String keyFingerprint;

    @Option(names = {"-y", "--yes"},
            description = "Never ask: answers come from options, the environment and the existing config; a missing one is an error.")
    boolean yes;

    @Override
    public Integer call() throws Exception {
        if (root.sandbox) {
            throw new UserError(ExitCode.USAGE, "the sandbox needs no setup; run 'dos setup' without --sandbox");
        }
        if (tokenOnCommandLine != null) {
            throw new UserError(ExitCode.USAGE, "--token is refused: a token on the command line can be read by other"
                    + " users of this machine (ps); use --token-file FILE, --token-stdin, the DOS_TOKEN environment"
                    + " variable, or let setup ask");
        }
        if (tokenFile != null && tokenStdin) {
            throw new UserError(ExitCode.USAGE, "--token-file and --token-stdin both give the token: use one");
        }
        if (keyFingerprint != null && !recover) {
            throw new UserError(ExitCode.USAGE, "--key-fingerprint only goes with --recover");
        }
        if (recover && noKeyOnDiscord) {
            throw new UserError(ExitCode.USAGE, "--recover takes the key published on Discord; --no-key-on-discord"
                    + " does not go with it");
        }
        DosPaths paths = DosPaths.resolve(root.context.env(), root.configDir, root.dataDir);
        SetupOptions options = new SetupOptions(tokenFile == null ? null : readToken(tokenFile), tokenStdin, guild,
                storageChannel, indexChannel, backupChannel, createChannels,
                apiBaseUrl == null ? null : uri(apiBaseUrl), passphraseEnv, force, !yes, !noKeyOnDiscord, recover,
                keyFingerprint);
        // The terminal only when the answers would come from this process's own standard input.
        java.io.Console console = root.context.in() == System.in ? System.console() : null;
        try {
            new SetupWizard(options, paths, root.context.env(), root.context.in(), root.context.out(), console,
                    root.context.keyCosts()).run();
            return ExitCode.OK;
        } catch (SetupException e) {
            throw new UserError(switch (e.kind()) {
                case USAGE -> ExitCode.USAGE;
                case AUTH -> ExitCode.AUTH;
                case NOT_FOUND -> ExitCode.NOT_FOUND;
                case FAILED -> ExitCode.FAILURE;
            }, e.getMessage(), e);
        }
    }

    /** The token in {@code file}: its first line, stripped. Warns when others may read the file. */
    private String readToken(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserError(ExitCode.NOT_FOUND, "--token-file " + file + ": no such file");
        }
        OwnerOnly.warnIfNotPrivate(file, root.context.err()::println);
        try {
            String token = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
            if (token.isEmpty()) {
                throw new UserError(ExitCode.USAGE, "--token-file " + file + " is empty");
            }
            return token;
        } catch (IOException e) {
            throw new UserError(ExitCode.FAILURE, "cannot read --token-file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Any URI; the wizard checks it as a Discord API root, with the config's own rules. */
    private static URI uri(String text) {
        try {
            return new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new ConfigException("--api-base-url must be an http(s) URL: " + text);
        }
    }
}
