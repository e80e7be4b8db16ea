package dev.dos.emulator.store;

import dev.dos.emulator.model.Attachment;

/** Where a stored attachment lives: the CDN route needs its channel and message. */
public record AttachmentRef(long channelId, long messageId, Attachment attachment) {
}
