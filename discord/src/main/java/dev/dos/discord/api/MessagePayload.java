package dev.dos.discord.api;

import java.util.List;

/** The payload_json of a new message: its content and one slot per uploaded file. */
public record MessagePayload(String content, List<AttachmentSlot> attachments) {
}
