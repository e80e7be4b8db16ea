package dev.dos.discord.api;

/** Describes upload part {@code files[id]} in a message's payload_json. */
public record AttachmentSlot(int id, String filename) {
}
