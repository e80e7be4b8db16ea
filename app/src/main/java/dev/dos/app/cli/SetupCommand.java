package dev.dos.app.cli;

import dev.dos.app.setup.SetupException;
import dev.dos.app.setup.SetupOptions;
import dev.dos.app.setup.SetupWizard;
import dev.dos.app.store.StoreSession;
import dev.dos.core.config.ConfigException;
import dev.dos.core.config.DosPaths;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code dos setup}: the setup wizard, interactive or (with --yes) driven by flags and the environment. */
@Command(name = "setup", mixinStandardHelpOptions = true,
        description = {"Connect dos to a Discord server (the setup wizard).",
                "Asks for the bot token, the server and the storage, index and backup",
                "channels, checks the bot's permissions there, creates the encryption key,",
                "writes the config (mode 0600) and ends with a live round trip of one",
                "encrypted chunk. Re-running keeps an existing key unless --force.",
                "Creating the bot: docs/discord-bot-setup.md."})
final class SetupCommand implements Callable<Integer> {
    @ParentCommand
    DosCommand root;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Bot token. Prefer the DOS_TOKEN environment variable: other users can see command lines.")
    String token;

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

    @Option(names = {"-y", "--yes"},
            description = "Never ask: answers come from options, the environment and the existing config; a missing one is an error.")
    boolean yes;

    @Override
    public Integer call() throws Exception {
        if (root.sandbox) {
            throw new UserError(ExitCode.USAGE, "the sandbox needs no setup; run 'dos setup' without --sandbox");
        }
        DosPaths paths = DosPaths.resolve(root.context.env(), root.configDir, root.dataDir);
        SetupOptions options = new SetupOptions(token, guild, storageChannel, indexChannel, backupChannel,
                createChannels, apiBaseUrl == null ? null : uri(apiBaseUrl), passphraseEnv, force, !yes);
        // The terminal only when the answers would come from this process's own standard input.
        java.io.Console console = root.context.in() == System.in ? System.console() : null;
        try {
            new SetupWizard(options, paths, root.context.env(), root.context.in(), root.context.out(), console).run();
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

    /** Any URI; the wizard checks it as a Discord API root, with the config's own rules. */
    private static URI uri(String text) {
        try {
            return new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new ConfigException("--api-base-url must be an http(s) URL: " + text);
        }
    }
}
