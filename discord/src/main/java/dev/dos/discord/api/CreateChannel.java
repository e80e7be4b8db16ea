package dev.dos.discord.api;

import java.util.List;

/**
 * Body of {@code POST /guilds/{id}/channels}; {@code type} 0 is a text channel. The overwrites
 * make it private: {@code @everyone} (the role whose id is the guild's) may not see it, the bot may.
 */
public record CreateChannel(String name, int type, List<OverwriteRequest> permissionOverwrites) {
    public static final int GUILD_TEXT = 0;
    /** VIEW_CHANNEL: what {@code @everyone} is denied in a private channel. */
    public static final long VIEW_CHANNEL = 1L << 10;

    public CreateChannel {
        permissionOverwrites = List.copyOf(permissionOverwrites);
    }

    /** A text channel only the bot (and the server's administrators) can see, the bot with {@code botBits}. */
    public static CreateChannel privateText(String name, String guildId, String botUserId, long botBits) {
        return new CreateChannel(name, GUILD_TEXT, List.of(
                new OverwriteRequest(guildId, PermissionOverwrite.ROLE, 0, VIEW_CHANNEL),
                new OverwriteRequest(botUserId, PermissionOverwrite.MEMBER, botBits | VIEW_CHANNEL, 0)));
    }
}
