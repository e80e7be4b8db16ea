package dev.dos.discord.api;

/** A Discord user; for this product, the bot itself. */
public record User(String id, String username, boolean bot) {
}
