package dev.dos.discord.api;

/**
 * A message edit that changes only the content; without an attachments field Discord keeps them
 * all. It mentions no one ({@link AllowedMentions#NONE}).
 */
public record MessageEdit(String content, AllowedMentions allowedMentions) {
    public MessageEdit(String content) {
        this(content, AllowedMentions.NONE);
    }
}
