package dev.dos.app.setup;

import dev.dos.app.setup.BotLogin.Bot;
import dev.dos.core.config.ConfigException;
import dev.dos.core.config.DosConfig;
import dev.dos.core.config.DosPaths;
import dev.dos.core.crypto.Argon2Params;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.ops.RoundTripCheck;
import dev.dos.core.ops.Sizes;
import dev.dos.core.remote.RemoteException;
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
 * channels, the bot's permissions there, the encryption key, the configuration file (0600), and
 * last a live round trip of one encrypted chunk through Discord. Each step either finishes or
 * stops setup with a {@link SetupException} that says what to do; the key and the configuration
 * are only written after the token, the channels and the permissions have been checked.
 */
public final class SetupWizard {
    private final SetupOptions options;
    private final DosPaths paths;
    private final Map<String, String> env;
    private final Prompter prompt;
    private final Argon2Params kdf;

    /**
     * @param console the terminal for answers, or null to read {@code in} (see {@link Prompter})
     */
    public SetupWizard(SetupOptions options, DosPaths paths, Map<String, String> env, InputStream in,
                       PrintStream out, Console console) {
        this.options = options;
        this.paths = paths;
        this.env = env;
        this.prompt = new Prompter(in, out, console, options.interactive());
        this.kdf = Argon2Params.DEFAULT;
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
        KeySetup keys = new KeySetup(keyFile, options, env, prompt, kdf);
        keys.announce();
        try (Bot bot = BotLogin.login(api, options.token(), existing.token(), prompt)) {
            prompt.say("Discord accepted the token of bot " + bot.user().username() + " (id " + bot.user().id() + ").");
            String invite = BotPermission.inviteUrl(bot.user().id(), BotPermission.REQUIRED_BITS);
            PartialGuild guild = pickGuild(bot.client(), existing.guildId(), invite);
            Map<ChannelRole, Channel> channels = new ChannelPicker(bot.client(), guild.id(), prompt, options)
                    .pick(configuredChannels(existing));
            checkPermissions(bot.client(), channels, invite);

            paths.createDirectories();
            MasterKey key = keys.obtain();
            DosConfig config = new DosConfig(bot.token(), guild.id(), channels.get(ChannelRole.STORAGE).id(),
                    channels.get(ChannelRole.INDEX).id(), channels.get(ChannelRole.BACKUP).id(), api,
                    existing.chunkSizeBytes(), existing.codec(), keyFile);
            config.save(paths);
            prompt.say("Wrote " + paths.configFile() + " (readable by you only: it holds the bot token).");
            roundTrip(config, key, channels.get(ChannelRole.STORAGE));
        } catch (RemoteException e) {
            throw new SetupException(kindOf(e), e.getMessage(), e);
        }
        prompt.say("Setup complete. Next: 'dos upload <path>' (it asks for the key's passphrase, or reads"
                + " DOS_PASSPHRASE), and now and then 'dos backup --to-discord'.");
        return paths.configFile();
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
    private void checkPermissions(DiscordRestClient client, Map<ChannelRole, Channel> channels, String invite) {
        PermissionProbe probe = new PermissionProbe(client);
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

    private void roundTrip(DosConfig config, MasterKey key, Channel storage) {
        DiscordSettings settings = DiscordSettings.builder()
                .baseUrl(config.apiBaseUrl().toString()).token(config.token()).guildId(config.guildId())
                .channels(config.storageChannelId(), config.indexChannelId(), config.backupChannelId())
                .retry(BotLogin.RETRY)
                .build();
        try (DiscordRemote remote = DiscordRemote.connect(settings)) {
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
