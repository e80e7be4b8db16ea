package dev.dos.discord.api;

/**
 * Describes upload part {@code files[id]} in a message's payload_json. The id is a snowflake-typed
 * string in Discord's description ({@code MessageAttachmentRequest}), {@code "0"} for {@code files[0]}.
 */
public record AttachmentSlot(String id, String filename) {
}
