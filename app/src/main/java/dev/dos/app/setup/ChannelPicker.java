package dev.dos.app.setup;

import dev.dos.core.remote.RemoteException;
import dev.dos.discord.DiscordRestClient;
import dev.dos.discord.api.Channel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses the storage, index and backup channels among the guild's text channels: from flags (id
 * or name), by creating them ({@code --create-channels}, reusing channels that already carry the
 * default names so that re-running setup creates nothing twice), or by asking, with the
 * configured channel (or one with the default name) offered as the default.
 */
final class ChannelPicker {
    static final String NEW = "new";
    private static final int TEXT_CHANNEL = 0;

    private final DiscordRestClient client;
    private final String guildId;
    private final Prompter prompt;
    private final SetupOptions options;
    private final List<Channel> text = new ArrayList<>();

    ChannelPicker(DiscordRestClient client, String guildId, Prompter prompt, SetupOptions options) {
        this.client = client;
        this.guildId = guildId;
        this.prompt = prompt;
        this.options = options;
    }

    /** One distinct channel per role; {@code configured} holds the ids of an earlier setup (null: none). */
    Map<ChannelRole, Channel> pick(Map<ChannelRole, String> configured) throws RemoteException {
        client.guildChannels(guildId).stream().filter(c -> c.type() == TEXT_CHANNEL)
                .sorted(Comparator.comparing(Channel::name)).forEach(text::add);
        boolean listed = false;
        Map<ChannelRole, Channel> chosen = new EnumMap<>(ChannelRole.class);
        for (ChannelRole role : ChannelRole.values()) {
            Channel channel;
            String flag = options.channel(role);
            if (flag != null) {
                channel = find(flag).orElseThrow(() -> new SetupException(SetupException.Kind.NOT_FOUND,
                        "no text channel '" + flag + "' that the bot can see (" + role.flag() + ")"));
            } else if (options.createChannels()) {
                channel = findOrCreate(role.defaultName());
            } else if (!prompt.interactive()) {
                channel = find(configured.get(role)).orElseThrow(() -> new SetupException(SetupException.Kind.USAGE,
                        "which channel should hold " + role.holds() + "? pass " + role.flag()
                                + " ID|NAME, or --create-channels"));
            } else {
                if (!listed) {
                    list();
                    listed = true;
                }
                channel = ask(role, configured.get(role), chosen);
            }
            if (chosen.containsValue(channel)) {
                throw new SetupException(SetupException.Kind.USAGE, "#" + channel.name() + " is chosen twice: the"
                        + " storage, index and backup channels must be three different channels");
            }
            chosen.put(role, channel);
        }
        return chosen;
    }

    private void list() {
        prompt.say("Text channels the bot can see:");
        for (int i = 0; i < text.size(); i++) {
            prompt.say(String.format(Locale.ROOT, "  %2d) #%s", i + 1, text.get(i).name()));
        }
        prompt.say("For each job, give a number, a name or an id, or 'new' to create a channel (named as shown).");
    }

    private Channel ask(ChannelRole role, String configuredId, Map<ChannelRole, Channel> chosen) {
        Optional<Channel> guess = find(configuredId)
                .or(() -> find(role.defaultName()))
                .or(() -> find(role.word()))
                .filter(c -> !chosen.containsValue(c));
        String fallback = guess.map(c -> "#" + c.name()).orElse(NEW + " #" + role.defaultName());
        while (true) {
            String answer = prompt.ask(capitalized(role.word()) + " channel (" + role.holds() + ")", fallback,
                    role.flag());
            try {
                Channel channel = interpret(answer, role);
                if (!chosen.containsValue(channel)) {
                    return channel;
                }
                prompt.say("#" + channel.name() + " already has another job; pick a different channel.");
            } catch (SetupException | RemoteException e) {
                prompt.say(e.getMessage());
            }
        }
    }

    private Channel interpret(String answer, ChannelRole role) throws RemoteException {
        String a = answer.strip();
        if (a.equals(NEW) || a.startsWith(NEW + " ")) {
            String name = a.equals(NEW) ? role.defaultName() : a.substring(NEW.length()).strip();
            return findOrCreate(name.startsWith("#") ? name.substring(1) : name);
        }
        if (a.matches("[0-9]{1,3}")) {
            int n = Integer.parseInt(a);
            if (n >= 1 && n <= text.size()) {
                return text.get(n - 1);
            }
        }
        return find(a).orElseThrow(() -> new SetupException(SetupException.Kind.NOT_FOUND,
                "no text channel '" + answer + "' that the bot can see"));
    }

    /** A text channel by id or by name ("#name" or "name", any case). */
    private Optional<Channel> find(String idOrName) {
        if (idOrName == null || idOrName.isBlank()) {
            return Optional.empty();
        }
        String key = idOrName.strip();
        String name = key.startsWith("#") ? key.substring(1) : key;
        return text.stream().filter(c -> c.id().equals(key)).findFirst()
                .or(() -> text.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst());
    }

    private Channel findOrCreate(String name) throws RemoteException {
        Optional<Channel> existing = find(name);
        if (existing.isPresent()) {
            prompt.say("Using the existing channel #" + existing.get().name() + ".");
            return existing.get();
        }
        try {
            Channel created = client.createPrivateTextChannel(guildId, name, client.currentUser().id(),
                    BotPermission.REQUIRED_BITS);
            text.add(created);
            prompt.say("Created channel #" + created.name() + " (private: only the bot and the server's"
                    + " administrators can see it).");
            return created;
        } catch (RemoteException.Forbidden e) {
            throw new SetupException(SetupException.Kind.AUTH, "the bot may not create channels: it needs "
                    + BotPermission.MANAGE_CHANNELS.label() + " (permissions integer "
                    + BotPermission.REQUIRED_BITS_WITH_CHANNEL_CREATION + "); or create #" + name
                    + " in Discord yourself and choose it");
        }
    }

    private static String capitalized(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
