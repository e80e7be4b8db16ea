package dev.dos.emulator.http;

import java.util.List;

/**
 * The validated fields of a message create/edit/webhook body.
 *
 * @param contentGiven true when {@code content} was in the body (null then means "clear it")
 * @param embedsJson   the embeds as a JSON array, each marked {@code "type": "rich"}; null when absent
 * @param flags        null when absent
 * @param attachments  the {@code attachments} array; null when absent
 * @param replyTo      {@code message_reference.message_id}, or null
 * @param username     a webhook's per-message name override, or null
 */
record MessageInput(
        String content,
        boolean contentGiven,
        String embedsJson,
        Integer flags,
        boolean tts,
        String nonce,
        boolean enforceNonce,
        List<AttachmentSpec> attachments,
        Long replyTo,
        String username) {

    /**
     * One entry of {@code attachments}: an existing attachment to keep (by its id) or a new
     * upload (by the {@code n} of its {@code files[n]} part), with optional metadata.
     */
    record AttachmentSpec(long id, String filename, String description) {
    }

    boolean hasEmbeds() {
        return embedsJson != null && !embedsJson.equals("[]");
    }

    boolean hasText() {
        return content != null && !content.isBlank();
    }
}
