package dev.dos.emulator.model;

import java.util.List;

/**
 * A stored message. Times are epoch milliseconds; the creation time is the id's timestamp.
 *
 * @param type               0 (DEFAULT) or 19 (REPLY)
 * @param embedsJson         the embeds as a JSON array, stored as sent (plus {@code "type": "rich"})
 * @param editedAtMillis     null when never edited
 * @param pinnedAtMillis     null when not pinned
 * @param referencedMessageId the replied-to message, or null
 */
public record Message(
        long id,
        long channelId,
        Author author,
        int type,
        String content,
        String embedsJson,
        List<Attachment> attachments,
        int flags,
        boolean tts,
        String nonce,
        Long editedAtMillis,
        Long pinnedAtMillis,
        Long referencedMessageId) {

    public static final int TYPE_DEFAULT = 0;
    public static final int TYPE_REPLY = 19;

    public Message {
        attachments = List.copyOf(attachments);
    }

    public Message edited(String newContent, String newEmbedsJson, List<Attachment> newAttachments, int newFlags,
                          long nowMillis) {
        return new Message(id, channelId, author, type, newContent, newEmbedsJson, newAttachments, newFlags, tts,
                nonce, nowMillis, pinnedAtMillis, referencedMessageId);
    }

    public Message withPinnedAt(Long millis) {
        return new Message(id, channelId, author, type, content, embedsJson, attachments, flags, tts, nonce,
                editedAtMillis, millis, referencedMessageId);
    }
}
