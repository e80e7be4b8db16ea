package dev.dos.discord.api;

/** A message edit that changes only the content; without an attachments field Discord keeps them all. */
public record MessageEdit(String content) {
}
