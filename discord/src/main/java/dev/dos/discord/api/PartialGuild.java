package dev.dos.discord.api;

/**
 * A guild as {@code GET /users/@me/guilds} lists it: {@code permissions} is the bot's guild-wide
 * permission integer as a decimal string (channel overwrites may change it per channel).
 */
public record PartialGuild(String id, String name, String permissions) {
}
