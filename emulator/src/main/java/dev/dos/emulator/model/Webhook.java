package dev.dos.emulator.model;

/** An incoming webhook created by the bot in a channel. */
public record Webhook(long id, long channelId, long guildId, String name, String token) {
}
