package dev.dos.app.setup;

import dev.dos.app.setup.BotLogin.Bot;
import dev.dos.app.summary.ResultLines;
import dev.dos.core.config.ConfigException;
import dev.dos.core.config.DosConfig;
import dev.dos.core.config.DosPaths;
import dev.dos.core.crypto.KeyCosts;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.keys.NoPublishedKeyException;
import dev.dos.core.keys.PublishedKey;
import dev.dos.core.keys.PublishedKeys;
import dev.dos.core.keys.WeakPassphraseException;
import dev.dos.core.meta.MetadataStore;
import dev.dos.core.meta.SqliteMetadataStore;
import dev.dos.core.ops.Repository;
import dev.dos.core.ops.RoundTripCheck;
import dev.dos.core.ops.Sizes;
import dev.dos.core.ops.SyncListener;
import dev.dos.core.ops.SyncOperation;
import dev.dos.core.ops.SyncReport;
import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.StorageRemote;
import dev.dos.discord.DiscordRemote;
import dev.dos.discord.DiscordRestClient;
import dev.dos.discord.DiscordSettings;
import dev.dos.discord.api.Channel;
import dev.dos.discord.api.PartialGuild;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code dos setup}, the original's {@code python setup.py}: bot token, server, the three
 * channels, the bot's permissions there, the encryption key, the configuration file (0600), a
 * live round trip of one encrypted chunk through Discord, and last the key published (wrapped,
 * pinned) in the backup channel. With {@code --recover}, the key is instead taken from that
 * published copy and the index rebuilt from Discord: a lost machine's store back on a new one.
 * Each step either finishes or stops setup with a {@link SetupException} that says what to do;
 * the key and the configuration are only written after the token, the channels and the
 * permissions have been checked.
 */
public final class SetupWizard {
    private final SetupOptions options;
    private final DosPaths paths;
    private final Map<String, String> env;
    private final Prompter prompt;
    private final KeyCosts costs;

    /**
     * @param console the terminal for answers, or null to read {@code in} (see {@link Prompter})
     * @param costs   the Argon2id parameters of the local key file and of the published copy
     */
    public SetupWizard(SetupOptions options, DosPaths paths, Map<String, String> env, InputStream in,
                       PrintStream out, Console console, KeyCosts costs) {
        this.options = options;
        this.paths = paths;
        this.env = env;
        this.prompt = new Prompter(in, out, console, options.interactive());
        this.costs = costs;
    }

    /** Runs every step; returns the configuration file written. */
    public Path run() throws IOException {
        prompt.say("dos setup: connects dos to a Discord server (see docs/discord-bot-setup.md).");
        DosConfig existing = existingConfig();
        // Through DosConfig, which checks the URL and drops a trailing slash, as loading it later will.
        URI api = options.apiBaseUrl() != null
                ? new DosConfig(null, null, null, null, null, options.apiBaseUrl(), null, null, null).apiBaseUrl()
                : existing.apiBaseUrl();
        Path keyFile = existing.keyFile() != null ? existing.keyFile() : paths.defaultKeyFile();
        KeySetup keys = new KeySetup(keyFile, options, env, prompt, costs.local());
        if (options.recover()) {
            keys.announceRecovery();
        } else {
            keys.announce();
        }
        String given = options.tokenFromInput() ? prompt.inputLine("bot token", "--token-stdin") : options.token();
        try (Bot bot = BotLogin.login(api, given, existing.token(), prompt)) {
            prompt.say("Discord accepted the token of bot " + bot.user().username() + " (id " + bot.user().id() + ").");
            String invite = BotPermission.inviteUrl(bot.user().id(), BotPermission.REQUIRED_BITS);
            PartialGuild guild = pickGuild(bot.client(), existing.guildId(), invite);
            Map<ChannelRole, Channel> channels = new ChannelPicker(bot.client(), guild.id(), prompt, options)
                    .pick(configuredChannels(existing));
            checkPermissions(bot.client(), channels, invite, options.publishKey() && !options.recover());

            paths.createDirectories();
            DosConfig config = new DosConfig(bot.token(), guild.id(), channels.get(ChannelRole.STORAGE).id(),
                    channels.get(ChannelRole.INDEX).id(), channels.get(ChannelRole.BACKUP).id(), api,
                    existing.chunkSizeBytes(), existing.codec(), keyFile, existing.webRoots());
            String backup = "#" + channels.get(ChannelRole.BACKUP).name();
            try (DiscordRemote remote = connect(config)) {
                if (options.recover()) {
                    recoverStore(remote, config, keys, backup, channels.get(ChannelRole.STORAGE));
                } else {
                    setUpStore(remote, config, keys, backup, channels.get(ChannelRole.STORAGE));
                }
            }
        } catch (RemoteException e) {
            throw new SetupException(kindOf(e), e.getMessage(), e);
        }
        prompt.say(options.recover()
                ? "Setup complete: this machine has the store's key and index again. 'dos list' shows the batches."
                : "Setup complete. Next: 'dos upload <path>' (it asks for the key's passphrase, or reads"
                        + " DOS_PASSPHRASE), and now and then 'dos backup --to-discord'.");
        return paths.configFile();
    }

    /** A new or kept key: configuration, round trip, then the key published. */
    private void setUpStore(DiscordRemote remote, DosConfig config, KeySetup keys, String backup, Channel storage)
            throws IOException {
        try (KeySetup.Unlocked unlocked = keys.obtain()) {
            save(config);
            roundTrip(remote, unlocked.key(), storage);
            publish(remote, unlocked, backup);
        }
    }

    /** --recover: the published key, then configuration, round trip and the index rebuilt. */
    private void recoverStore(DiscordRemote remote, DosConfig config, KeySetup keys, String backup, Channel storage)
            throws IOException {
        prompt.say("Looking for the key published in " + backup + "...");
        PublishedKeys.Lookup lookup = new PublishedKeys(remote, costs.published()).find();
        KeyOnDiscord.ignored(lookup, backup).forEach(prompt::say);
        KeySetup.Recovery recovery;
        try {
            recovery = keys.recover(lookup, options.recoverKey());
        } catch (NoPublishedKeyException e) {
            throw new SetupException(SetupException.Kind.NOT_FOUND, e.getMessage().replace("the backup area", backup)
                    + " (never published, or deleted since): if you kept a recovery kit, run 'dos key import KIT',"
                    + " then 'dos setup' (it keeps that key) and 'dos sync --reset'; nothing was written", e);
        }
        try (KeySetup.Unlocked unlocked = recovery.unlocked()) {
            PublishedKey used = recovery.found().copy();
            prompt.say("Recovered the key " + used.describe() + (lookup.fromPins() ? ", pinned in " : ", found by"
                    + " reading ") + backup + "; wrote " + keys.file() + " (readable by you only).");
            for (PublishedKey other : recovery.found().others()) {
                prompt.say("Also published, not recovered: key " + other.describe() + ". To take it instead: dos setup"
                        + " --recover --force --key-fingerprint " + other.card().key().hex().substring(0, 8));
            }
            save(config);
            roundTrip(remote, unlocked.key(), storage);
            rebuildIndex(remote, unlocked.key());
        }
    }

    private void save(DosConfig config) {
        config.save(paths);
        prompt.say("Wrote " + paths.configFile() + " (readable by you only: it holds the bot token).");
    }

    private void publish(DiscordRemote remote, KeySetup.Unlocked unlocked, String backup) {
        if (!options.publishKey()) {
            prompt.say(KeyOnDiscord.OPTED_OUT);
            return;
        }
        try {
            KeyOnDiscord.publish(new PublishedKeys(remote, costs.published()), unlocked.key(), unlocked.passphrase(),
                    costs.published(), backup).forEach(prompt::say);
        } catch (WeakPassphraseException e) {
            prompt.say(KeyOnDiscord.notPublishedWeak(e));
        } catch (IOException e) {
            throw new SetupException(e instanceof RemoteException re ? kindOf(re) : SetupException.Kind.FAILED,
                    "the key was not published in " + backup + ": " + e.getMessage() + " (the configuration and the key"
                            + " are saved: fix this and run 'dos key publish')", e);
        }
    }

    private void rebuildIndex(StorageRemote remote, MasterKey key) throws IOException {
        prompt.say("Rebuilding the local index from the batch cards (as 'dos sync --reset' does)...");
        try (MetadataStore metadata = SqliteMetadataStore.open(paths.databaseFile())) {
            SyncReport report = new SyncOperation(new Repository(remote, metadata, key)).reset(SyncListener.NONE);
            String line = ResultLines.sync(report);
            prompt.say(Character.toUpperCase(line.charAt(0)) + line.substring(1) + ".");
            if (!report.clean()) {
                prompt.say(ResultLines.count(report.issues().size(), "problem") + " found: 'dos sync' names them.");
            }
        }
    }

    private static DiscordRemote connect(DosConfig config) {
        DiscordSettings settings = DiscordSettings.builder()
                .baseUrl(config.apiBaseUrl().toString()).token(config.token()).guildId(config.guildId())
                .channels(config.storageChannelId(), config.indexChannelId(), config.backupChannelId())
                .retry(BotLogin.RETRY)
                .build();
        return DiscordRemote.connect(settings);
    }

    /** The configuration so far (files and environment); a malformed one is reported and replaced. */
    private DosConfig existingConfig() {
        try {
            return DosConfig.load(paths, env);
        } catch (ConfigException e) {
            prompt.say("Ignoring the existing configuration, which setup will replace: " + e.getMessage());
            return new DosConfig(null, null, null, null, null, null, null, null, paths.defaultKeyFile());
        }
    }

    private static Map<ChannelRole, String> configuredChannels(DosConfig existing) {
        Map<ChannelRole, String> ids = new EnumMap<>(ChannelRole.class);
        putIfSet(ids, ChannelRole.STORAGE, existing.storageChannelId());
        putIfSet(ids, ChannelRole.INDEX, existing.indexChannelId());
        putIfSet(ids, ChannelRole.BACKUP, existing.backupChannelId());
        return ids;
    }

    private static void putIfSet(Map<ChannelRole, String> ids, ChannelRole role, String id) {
        if (id != null) {
            ids.put(role, id);
        }
    }

    private PartialGuild pickGuild(DiscordRestClient client, String configured, String invite) throws RemoteException {
        List<PartialGuild> guilds = client.currentUserGuilds();
        if (guilds.isEmpty()) {
            throw new SetupException(SetupException.Kind.NOT_FOUND, "the bot is in no server yet: open " + invite
                    + " to add it to yours, then run dos setup again");
        }
        if (options.guild() != null) {
            return find(guilds, options.guild()).orElseThrow(() -> new SetupException(SetupException.Kind.NOT_FOUND,
                    "the bot is not in a server '" + options.guild() + "' (it is in: " + names(guilds)
                            + "); add it with " + invite));
        }
        if (guilds.size() == 1) {
            PartialGuild only = guilds.getFirst();
            prompt.say("Server: " + only.name() + " (id " + only.id() + ").");
            return only;
        }
        Optional<PartialGuild> remembered = find(guilds, configured);
        if (!prompt.interactive()) {
            return remembered.orElseThrow(() -> new SetupException(SetupException.Kind.USAGE, "the bot is in "
                    + guilds.size() + " servers (" + names(guilds) + "); pass --guild ID|NAME"));
        }
        prompt.say("The bot is in these servers:");
        for (int i = 0; i < guilds.size(); i++) {
            prompt.say(String.format(Locale.ROOT, "  %2d) %s (id %s)", i + 1, guilds.get(i).name(), guilds.get(i).id()));
        }
        while (true) {
            String answer = prompt.ask("Server (number, name or id)", remembered.map(PartialGuild::name).orElse(null),
                    "--guild");
            Optional<PartialGuild> picked = answer.matches("[0-9]{1,3}") && Integer.parseInt(answer) >= 1
                    && Integer.parseInt(answer) <= guilds.size()
                    ? Optional.of(guilds.get(Integer.parseInt(answer) - 1)) : find(guilds, answer);
            if (picked.isPresent()) {
                return picked.get();
            }
            prompt.say("No server '" + answer + "' in the list.");
        }
    }

    private static Optional<PartialGuild> find(List<PartialGuild> guilds, String idOrName) {
        if (idOrName == null) {
            return Optional.empty();
        }
        return guilds.stream().filter(g -> g.id().equals(idOrName)).findFirst()
                .or(() -> guilds.stream().filter(g -> g.name().equalsIgnoreCase(idOrName)).findFirst());
    }

    private static String names(List<PartialGuild> guilds) {
        return guilds.stream().map(PartialGuild::name).collect(Collectors.joining(", "));
    }

    /** Probes until every channel is fine, the user gives up, or (not interactive) the first failure. */
    private void checkPermissions(DiscordRestClient client, Map<ChannelRole, Channel> channels, String invite,
                                  boolean pins) {
        PermissionProbe probe = new PermissionProbe(client, pins);
        while (true) {
            prompt.say("Checking the bot's permissions (it posts and deletes a few test messages and a test thread)...");
            List<ChannelReport> reports = channels.entrySet().stream()
                    .map(e -> probe.check(e.getKey(), e.getValue())).toList();
            reports.forEach(r -> prompt.say(describe(r)));
            if (reports.stream().allMatch(ChannelReport::ok)) {
                return;
            }
            prompt.say("To fix: in Discord, open each channel's settings > Permissions, pick the bot's role (or the"
                    + " bot) and allow what is listed; or allow it server-wide in Server Settings > Roles."
                    + " Inviting the bot with this link asks for everything dos needs: " + invite);
            String summary = "the bot lacks permissions: " + reports.stream().filter(r -> !r.ok())
                    .map(SetupWizard::summary).collect(Collectors.joining("; "));
            if (!prompt.interactive()) {
                throw new SetupException(SetupException.Kind.AUTH, summary);
            }
            String answer = prompt.ask("Fix this in Discord, then press Enter to check again (or type q to quit)", "",
                    null);
            if (answer.equalsIgnoreCase("q")) {
                throw new SetupException(SetupException.Kind.AUTH, summary);
            }
        }
    }

    private static String describe(ChannelReport r) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-7s #%s: ", r.role().word(), r.name()));
        if (r.ok()) {
            return line.append("ok").toString();
        }
        if (!r.missing().isEmpty()) {
            line.append("missing ").append(BotPermission.labels(r.missing()));
        }
        if (!r.unchecked().isEmpty()) {
            line.append(r.missing().isEmpty() ? "" : "; ").append("not checked until then: ")
                    .append(BotPermission.labels(r.unchecked()));
        }
        for (String problem : r.problems()) {
            line.append("\n          ").append(problem);
        }
        return line.toString();
    }

    private static String summary(ChannelReport r) {
        String what = r.missing().isEmpty() ? String.join(", ", r.problems()) : BotPermission.labels(r.missing());
        return "#" + r.name() + " (" + r.role().word() + "): " + what;
    }

    private void roundTrip(StorageRemote remote, MasterKey key, Channel storage) {
        try {
            RoundTripCheck.Result result = RoundTripCheck.run(remote, key);
            prompt.say("Round trip OK: a " + Sizes.human(result.chunkBytes()) + " test chunk was encrypted, posted in"
                    + " a new thread of #" + storage.name() + ", read back, decrypted, compared and deleted ("
                    + result.took().toMillis() + " ms).");
        } catch (IOException e) {
            throw new SetupException(e instanceof RemoteException re ? kindOf(re) : SetupException.Kind.FAILED,
                    "the round-trip test failed: " + e.getMessage() + " (the configuration is saved; fix the problem"
                            + " and run dos setup again)", e);
        }
    }

    private static SetupException.Kind kindOf(RemoteException e) {
        return switch (e) {
            case RemoteException.Unauthorized u -> SetupException.Kind.AUTH;
            case RemoteException.Forbidden f -> SetupException.Kind.AUTH;
            case RemoteException.NotFound n -> SetupException.Kind.NOT_FOUND;
            default -> SetupException.Kind.FAILED;
        };
    }
}
