package dev.dos.emulator.model;

/**
 * A stored attachment. Its bytes are the file {@code attachments/<id>} in the data directory.
 *
 * @param contentType null when unknown (Discord then omits {@code content_type})
 * @param description null when none was given
 */
public record Attachment(long id, String filename, String description, String contentType, long size) {
}
