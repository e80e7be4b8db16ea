package dev.dos.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dos.emulator.model.Channel;
import dev.dos.emulator.model.ChannelType;
import dev.dos.emulator.model.Overwrite;
import dev.dos.emulator.model.Permission;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.util.ArrayList;
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
        List<Overwrite> overwrites = overwrites(json.get("permission_overwrites"), errors);
        errors.throwIfAny();
        long mine = s.access.guildWide();
        for (Overwrite o : overwrites) {
            // "only permissions your bot has in the guild can be allowed/denied" (Create Guild Channel)
            if (!Permission.has(mine, Permission.ADMINISTRATOR) && ((o.allow() | o.deny()) & ~mine) != 0) {
                throw ApiErrors.missingPermissions();
            }
        }
        Channel created = s.store.transaction(() -> {
            int position = requestedPosition >= 0 ? requestedPosition
                    : (int) s.store.channels().stream().filter(c -> !c.isThread()).count();
            Channel c = new Channel(s.store.ids().next(), type, s.store.guild().id(), name, position,
                    topic, parentId, null, null, 0, 0, rateLimit, archive, null, null);
            s.store.putChannel(c);
            if (!overwrites.isEmpty()) {
                s.store.setOverwrites(c.id(), overwrites);
            }
            return c;
        });
        call.json(201, s.entities.channel(created));
    }

    /** {@code permission_overwrites}: {@code [{id, type 0|1, allow, deny}]}, bit sets as strings. */
    private static List<Overwrite> overwrites(JsonNode node, FormErrors errors) {
        List<Overwrite> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            errors.add("permission_overwrites", "LIST_TYPE_CONVERT", "Only iterables may be used in a ListType");
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode o = node.get(i);
            String at = "permission_overwrites." + i;
            var id = Snowflakes.parse(o.get("id"));
            int type = o.path("type").asInt(-1);
            Long allow = bits(o.get("allow"));
            Long deny = bits(o.get("deny"));
            if (id.isEmpty()) {
                errors.add(at + ".id", "BASE_TYPE_REQUIRED", "This field is required");
            } else if (type != Overwrite.ROLE && type != Overwrite.MEMBER) {
                errors.add(at + ".type", "BASE_TYPE_CHOICES", "Value must be one of {0, 1}.");
            } else if (allow == null || deny == null) {
                errors.add(at + (allow == null ? ".allow" : ".deny"), "NUMBER_TYPE_COERCE", "Value is not int.");
            } else {
                out.add(new Overwrite(id.get(), type, allow, deny));
            }
        }
        return out;
    }

    /** A permission bit set: a decimal string (or number); absent is 0. */
    private static Long bits(JsonNode node) {
        if (node == null || node.isNull()) {
            return 0L;
        }
        try {
            return Long.parseLong(node.asText());
        } catch (NumberFormatException e) {
            return null;
        }
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
