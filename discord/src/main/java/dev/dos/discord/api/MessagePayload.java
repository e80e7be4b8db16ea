package dev.dos.discord.api;

import java.util.List;

/**
 * The payload_json of a new message: its content, one slot per uploaded file, and a nonce that
 * Discord enforces ({@code enforce_nonce}): a retry of the same request within a few minutes gets
 * the message the first attempt created instead of a second copy. It mentions no one
 * ({@link AllowedMentions#NONE}).
 */
public record MessagePayload(String content, List<AttachmentSlot> attachments, String nonce, boolean enforceNonce,
                             AllowedMentions allowedMentions) {
    public MessagePayload(String content, List<AttachmentSlot> attachments, String nonce, boolean enforceNonce) {
        this(content, attachments, nonce, enforceNonce, AllowedMentions.NONE);
    }
}
