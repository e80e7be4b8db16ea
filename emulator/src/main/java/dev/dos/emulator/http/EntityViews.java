package dev.dos.emulator.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dos.emulator.model.Author;
import dev.dos.emulator.model.Channel;
import dev.dos.emulator.model.ChannelType;
import dev.dos.emulator.model.Guild;
import dev.dos.emulator.model.Identity;
import dev.dos.emulator.model.ThreadState;
import dev.dos.emulator.model.Webhook;
import dev.dos.emulator.store.RuntimeSettings;
import dev.dos.emulator.store.StateStore;

/**
 * Users, channels, threads, guilds and webhooks as Discord's JSON: field names from the
 * resource docs, ids as strings, absent optional fields omitted rather than null.
 */
final class EntityViews {
    /** Boosts a guild has at each tier (the least that reaches it). */
    private static final int[] BOOSTS_FOR_TIER = {0, 2, 7, 14};

    private final StateStore store;
    private final RuntimeSettings settings;
    private final ServerAddress address;

    EntityViews(StateStore store, RuntimeSettings settings, ServerAddress address) {
        this.store = store;
        this.settings = settings;
        this.address = address;
    }

    /** The bot user, as {@code GET /users/@me} returns it. */
    ObjectNode botUser() {
        Identity id = store.identity();
        ObjectNode u = Json.object();
        u.put("id", Json.id(id.botUserId()));
        u.put("username", id.botUsername());
        u.putNull("avatar");
        u.put("discriminator", "0001");
        u.put("public_flags", 0);
        u.put("flags", 0);
        u.put("bot", true);
        u.putNull("banner");
        u.putNull("accent_color");
        u.putNull("global_name");
        u.putNull("avatar_decoration_data");
        u.putNull("collectibles");
        u.putNull("primary_guild");
        u.put("mfa_enabled", false);
        u.put("locale", "en-US");
        u.put("premium_type", 0);
        u.putNull("email");
        u.put("verified", true);
        return u;
    }

    /** A message author: the bot, or a webhook (discriminator "0000", as Discord shows webhooks). */
    ObjectNode author(Author author) {
        if (!author.isWebhook()) {
            ObjectNode u = botUser();
            for (String privateField : new String[] {"mfa_enabled", "locale", "premium_type", "email", "verified"}) {
                u.remove(privateField);
            }
            return u;
        }
        ObjectNode u = Json.object();
        u.put("id", Json.id(author.id()));
        u.put("username", author.username());
        u.putNull("avatar");
        u.put("discriminator", "0000");
        u.put("public_flags", 0);
        u.put("flags", 0);
        u.put("bot", true);
        u.putNull("global_name");
        u.putNull("primary_guild");
        return u;
    }

    /**
     * {@code GET /applications/@me}: the bot's application (its id is the bot user's, as for every
     * bot made since 2016), owned by the sandbox's owner, no team.
     */
    ObjectNode application() {
        Identity id = store.identity();
        ObjectNode a = Json.object();
        a.put("id", Json.id(id.botUserId()));
        a.put("name", id.botUsername());
        a.putNull("icon");
        a.put("description", "");
        a.putNull("type");
        a.put("bot_public", false);
        a.put("bot_require_code_grant", false);
        a.put("verify_key", verifyKey(id));
        a.put("flags", 0);
        a.put("flags_new", "0");
        a.putArray("redirect_uris");
        a.putNull("interactions_endpoint_url");
        a.putNull("role_connections_verification_url");
        a.set("owner", owner());
        a.put("approximate_guild_count", 1);
        a.put("approximate_user_install_count", 0);
        a.put("approximate_user_authorization_count", 0);
        a.put("explicit_content_filter", 0);
        a.putNull("team");
        a.putArray("eligible_oauth2_scopes");
        a.set("bot", author(new Author(id.botUserId(), id.botUsername(), null)));
        return a;
    }

    /** The guild's owner: a person, not the bot (partial user object). */
    private ObjectNode owner() {
        ObjectNode u = Json.object();
        u.put("id", Json.id(store.guild().ownerId()));
        u.put("username", "sandbox-owner");
        u.putNull("avatar");
        u.put("discriminator", "0");
        u.put("public_flags", 0);
        u.put("flags", 0);
        u.putNull("global_name");
        u.putNull("primary_guild");
        return u;
    }

    /** A stable 64-hex-digit public key for the application (interactions are not served). */
    private static String verifyKey(Identity id) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(("dos-emulator verify key " + id.botUserId()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    ObjectNode channel(Channel c) {
        return c.isThread() ? thread(c) : guildChannel(c);
    }

    private ObjectNode guildChannel(Channel c) {
        ObjectNode o = Json.object();
        o.put("id", Json.id(c.id()));
        o.put("type", c.type());
        o.put("guild_id", Json.id(c.guildId()));
        o.put("name", c.name());
        o.put("position", c.position());
        ArrayNode overwrites = o.putArray("permission_overwrites");
        for (dev.dos.emulator.model.Overwrite ow : store.overwrites(c.id())) {
            ObjectNode entry = overwrites.addObject();
            entry.put("id", Json.id(ow.id()));
            entry.put("type", ow.type());
            entry.put("allow", Long.toString(ow.allow()));
            entry.put("deny", Long.toString(ow.deny()));
        }
        putNullableId(o, "parent_id", c.parentId());
        o.put("flags", 0);
        if (c.type() != ChannelType.GUILD_CATEGORY) {
            if (c.topic() == null) {
                o.putNull("topic");
            } else {
                o.put("topic", c.topic());
            }
            o.put("nsfw", false);
            putNullableId(o, "last_message_id", c.lastMessageId());
            o.put("rate_limit_per_user", c.rateLimitPerUser());
            if (c.lastPinTimestampMillis() != null) {
                o.put("last_pin_timestamp", Json.timestamp(c.lastPinTimestampMillis()));
            }
            if (c.defaultAutoArchiveDuration() > 0) {
                o.put("default_auto_archive_duration", c.defaultAutoArchiveDuration());
            }
        }
        return o;
    }

    private ObjectNode thread(Channel c) {
        ThreadState t = c.thread();
        ObjectNode o = Json.object();
        o.put("id", Json.id(c.id()));
        o.put("type", c.type());
        o.put("guild_id", Json.id(c.guildId()));
        putNullableId(o, "parent_id", c.parentId());
        putNullableId(o, "owner_id", c.ownerId());
        o.put("name", c.name());
        putNullableId(o, "last_message_id", c.lastMessageId());
        o.put("rate_limit_per_user", c.rateLimitPerUser());
        o.put("flags", 0);
        o.put("message_count", c.messageCount());
        o.put("member_count", t.joinedAtMillis() == null ? 0 : 1);
        o.put("total_message_sent", c.totalMessageSent());
        if (c.lastPinTimestampMillis() != null) {
            o.put("last_pin_timestamp", Json.timestamp(c.lastPinTimestampMillis()));
        }
        ObjectNode meta = o.putObject("thread_metadata");
        meta.put("archived", t.archived());
        meta.put("archive_timestamp", Json.timestamp(t.archiveTimestampMillis()));
        meta.put("auto_archive_duration", t.autoArchiveDuration());
        meta.put("locked", t.locked());
        meta.put("create_timestamp", Json.timestamp(t.createTimestampMillis()));
        if (c.type() == ChannelType.PRIVATE_THREAD) {
            meta.put("invitable", t.invitable());
        }
        if (t.joinedAtMillis() != null) {
            o.set("member", threadMember(c));
        }
        return o;
    }

    /** The bot's thread member object for {@code thread}; call only when it has joined. */
    ObjectNode threadMember(Channel thread) {
        ObjectNode m = Json.object();
        m.put("id", Json.id(thread.id()));
        m.put("user_id", Json.id(store.identity().botUserId()));
        m.put("join_timestamp", Json.timestamp(thread.thread().joinedAtMillis()));
        m.put("flags", 0);
        return m;
    }

    ObjectNode guild(Guild g, long botPermissions) {
        ObjectNode o = Json.object();
        o.put("id", Json.id(g.id()));
        o.put("name", g.name());
        o.putNull("icon");
        o.putNull("description");
        o.putNull("home_header");
        o.putNull("splash");
        o.putNull("discovery_splash");
        o.putArray("features");
        o.putNull("banner");
        o.put("owner_id", Json.id(g.ownerId()));
        o.putNull("application_id");
        o.put("region", "deprecated");
        o.putNull("afk_channel_id");
        o.put("afk_timeout", 300);
        o.putNull("system_channel_id");
        o.put("system_channel_flags", 0);
        o.put("widget_enabled", false);
        o.putNull("widget_channel_id");
        o.put("verification_level", 0);
        ArrayNode roles = o.putArray("roles");
        ObjectNode everyone = roles.addObject();
        everyone.put("id", Json.id(g.id()));
        everyone.put("name", "@everyone");
        everyone.put("permissions", Long.toString(botPermissions));
        everyone.put("position", 0);
        everyone.put("color", 0);
        ObjectNode colors = everyone.putObject("colors");
        colors.put("primary_color", 0);
        colors.putNull("secondary_color");
        colors.putNull("tertiary_color");
        everyone.put("hoist", false);
        everyone.putNull("icon");
        everyone.putNull("unicode_emoji");
        everyone.put("managed", false);
        everyone.put("mentionable", false);
        everyone.put("flags", 0);
        o.put("default_message_notifications", 0);
        o.put("mfa_level", 0);
        o.put("explicit_content_filter", 0);
        o.putNull("max_presences");
        o.put("max_members", 500_000);
        o.put("max_video_channel_users", 25);
        o.put("max_stage_video_channel_users", 50);
        o.putNull("vanity_url_code");
        int tier = settings.premiumTier();
        o.put("premium_tier", tier);
        o.put("premium_subscription_count", BOOSTS_FOR_TIER[tier]);
        o.put("preferred_locale", "en-US");
        o.putNull("rules_channel_id");
        o.putNull("public_updates_channel_id");
        o.putNull("safety_alerts_channel_id");
        o.put("nsfw", false);
        o.put("nsfw_level", 0);
        o.put("premium_progress_bar_enabled", false);
        o.putArray("emojis");
        o.putArray("stickers");
        o.putNull("incidents_data");
        return o;
    }

    /** The partial guild of {@code GET /users/@me/guilds}. */
    ObjectNode partialGuild(Guild g, long botPermissions) {
        ObjectNode o = Json.object();
        o.put("id", Json.id(g.id()));
        o.put("name", g.name());
        o.putNull("icon");
        o.putNull("banner");
        o.put("owner", false);
        o.put("permissions", Long.toString(botPermissions));
        o.putArray("features");
        return o;
    }

    ObjectNode webhook(Webhook w) {
        ObjectNode o = Json.object();
        o.put("application_id", Json.id(store.identity().botUserId()));
        o.putNull("avatar");
        o.put("channel_id", Json.id(w.channelId()));
        o.put("guild_id", Json.id(w.guildId()));
        o.put("id", Json.id(w.id()));
        o.put("name", w.name());
        o.put("type", 1);
        o.set("user", author(new Author(store.identity().botUserId(), store.identity().botUsername(), null)));
        o.put("token", w.token());
        o.put("url", address.apiUrl() + "/webhooks/" + w.id() + "/" + w.token());
        return o;
    }

    static void putNullableId(ObjectNode o, String field, Long id) {
        if (id == null) {
            o.putNull(field);
        } else {
            o.put(field, Json.id(id));
        }
    }
}
