package dev.dos.discord.api;

/** A file of a message. {@code url} is a signed CDN link that expires: use it at once, never store it. */
public record Attachment(String id, String filename, long size, String url) {
}
