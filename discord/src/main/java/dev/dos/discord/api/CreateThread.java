package dev.dos.discord.api;

/** Starts a thread without a message; {@code type} must be sent (v10 defaults to private). */
public record CreateThread(String name, int type, int autoArchiveDuration) {
}
