package dev.dos.discord.api;

import java.util.List;
import java.util.Optional;

/** A message; {@code timestamp} is ISO 8601. Attachments keep the order they were posted in. */
public record Message(String id, String channelId, String content, String timestamp, List<Attachment> attachments) {
    public Message {
        content = content == null ? "" : content;
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    public Optional<Attachment> attachment(String attachmentId) {
        return attachments.stream().filter(a -> a.id().equals(attachmentId)).findFirst();
    }
}
