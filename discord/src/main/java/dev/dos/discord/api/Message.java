package dev.dos.discord.api;

import java.util.List;
import java.util.Optional;

/**
 * A message; {@code timestamp} is ISO 8601. Attachments keep the order they were posted in.
 * {@code author} is who posted it; {@code webhookId} is set when a webhook did (its author is then
 * the webhook's name, not a user).
 */
public record Message(String id, String channelId, String content, String timestamp, List<Attachment> attachments,
                      User author, String webhookId) {
    public Message {
        content = content == null ? "" : content;
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    public Optional<Attachment> attachment(String attachmentId) {
        return attachments.stream().filter(a -> a.id().equals(attachmentId)).findFirst();
    }

    /** Whether the user {@code userId} posted it itself (not through a webhook). */
    public boolean postedBy(String userId) {
        return webhookId == null && author != null && author.id() != null && author.id().equals(userId);
    }
}
