package dev.dos.discord.api;

/** Archives or unarchives a thread. */
public record ThreadArchiving(boolean archived) {
}
