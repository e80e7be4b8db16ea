package dev.dos.emulator.http;

import java.nio.file.Path;

/**
 * A file part streamed to disk, not yet attached to a message.
 *
 * @param placeholder the {@code n} of {@code files[n]} (or {@code fileN}), which {@code attachments[].id}
 *                    refers to; -1 for a part named otherwise
 * @param filename    the part's filename as sent
 * @param contentType the part's Content-Type, or null
 */
record UploadedFile(long placeholder, String filename, String contentType, Path file, long size) {
}
