package dev.dos.discord.api;

/** A guild (server). {@code premiumTier} (0 to 3) sets the upload limit. */
public record Guild(String id, String name, int premiumTier) {
}
