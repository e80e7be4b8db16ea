package dev.dos.discord.api;

/** Body of {@code POST /guilds/{id}/channels}; {@code type} 0 is a text channel. */
public record CreateChannel(String name, int type) {
    public static final int GUILD_TEXT = 0;
}
