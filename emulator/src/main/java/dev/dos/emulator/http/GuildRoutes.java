package dev.dos.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dos.emulator.model.Channel;
import dev.dos.emulator.model.ChannelType;
import dev.dos.emulator.model.Permission;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.util.List;

/** The guild, its channels and its active threads. */
final class GuildRoutes {
    private static final long MAX_JSON = 1024 * 1024;

    private final ApiServices s;

    private GuildRoutes(ApiServices s) {
        this.s = s;
    }

    static List<ApiRoute> all(ApiServices s) {
        GuildRoutes r = new GuildRoutes(s);
        return List.of(
                ApiRoute.bot(HandlerType.GET, "/guilds/{guild.id}", r::getGuild),
                ApiRoute.bot(HandlerType.GET, "/guilds/{guild.id}/channels", r::listChannels),
                ApiRoute.bot(HandlerType.POST, "/guilds/{guild.id}/channels", r::createChannel),
                ApiRoute.bot(HandlerType.GET, "/guilds/{guild.id}/threads/active", r::activeThreads));
    }

    private void getGuild(ApiCall call) {
        s.guild(call);
        call.json(200, s.entities.guild(s.store.guild(), s.access.guildWide()));
    }

    /** Channels (not threads) the bot can see, by position. */
    private void listChannels(ApiCall call) {
        s.guild(call);
        ArrayNode out = Json.array();
        s.store.channels().stream()
                .filter(c -> !c.isThread() && s.access.has(c, Permission.VIEW_CHANNEL))
                .sorted(java.util.Comparator.comparingInt(Channel::position).thenComparingLong(Channel::id))
                .forEach(c -> out.add(s.entities.channel(c)));
        call.json(200, out);
    }

    private void createChannel(ApiCall call) throws IOException {
        s.guild(call);
        s.access.requireGuild(Permission.MANAGE_CHANNELS);
        ObjectNode json = call.jsonBody(MAX_JSON);
        FormErrors errors = new FormErrors();
        int type = ChannelFields.intInRange(json, "type", 0, 20, ChannelType.GUILD_TEXT, errors);
        if (errors.isEmpty() && !ChannelType.isCreatableGuildChannel(type)) {
            errors.add("type", "BASE_TYPE_CHOICES", "Value must be one of {0, 2, 4, 5, 15}.");
        }
        String name = ChannelFields.name(json, true, type, errors);
        String topic = ChannelFields.topic(json, null, errors);
        int rateLimit = ChannelFields.intInRange(json, "rate_limit_per_user", 0, 21600, 0, errors);
        int archive = ChannelFields.autoArchiveDuration(json, "default_auto_archive_duration", 0, errors);
        Long parentId = parent(json.get("parent_id"), errors);
        int requestedPosition = ChannelFields.intInRange(json, "position", 0, Integer.MAX_VALUE, -1, errors);
        errors.throwIfAny();
        Channel created = s.store.transaction(() -> {
            int position = requestedPosition >= 0 ? requestedPosition
                    : (int) s.store.channels().stream().filter(c -> !c.isThread()).count();
            Channel c = new Channel(s.store.ids().next(), type, s.store.guild().id(), name, position,
                    topic, parentId, null, null, 0, 0, rateLimit, archive, null, null);
            s.store.putChannel(c);
            return c;
        });
        call.json(201, s.entities.channel(created));
    }

    /** A {@code parent_id} must name an existing category. */
    private Long parent(JsonNode node, FormErrors errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        var id = Snowflakes.parse(node);
        if (id.isEmpty() || s.store.channel(id.get()).filter(c -> c.type() == ChannelType.GUILD_CATEGORY).isEmpty()) {
            errors.add("parent_id", "CHANNEL_PARENT_INVALID", "Category does not exist");
            return null;
        }
        return id.get();
    }

    private void activeThreads(ApiCall call) {
        s.guild(call);
        ObjectNode out = Json.object();
        ArrayNode threads = out.putArray("threads");
        ArrayNode members = out.putArray("members");
        for (Channel c : s.store.channels()) {
            if (c.isThread() && !c.thread().archived() && s.access.has(c, Permission.VIEW_CHANNEL)) {
                threads.add(s.entities.channel(c));
                if (c.thread().joinedAtMillis() != null) {
                    members.add(s.entities.threadMember(c));
                }
            }
        }
        out.put("has_more", false); // the description's ThreadsResponse requires it; the active list is whole
        call.json(200, out);
    }
}
