package dev.dos.emulator.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dos.emulator.store.AttachmentFiles;
import java.util.List;

/**
 * A message body as sent: its JSON fields (from a JSON body, {@code payload_json} or plain form
 * fields) and its uploaded files. Closing it removes files that were not attached to a message.
 */
final class MessagePayload implements AutoCloseable {
    private final ObjectNode json;
    private final List<UploadedFile> files;
    private final AttachmentFiles storage;

    MessagePayload(ObjectNode json, List<UploadedFile> files, AttachmentFiles storage) {
        this.json = json;
        this.files = List.copyOf(files);
        this.storage = storage;
    }

    ObjectNode json() {
        return json;
    }

    List<UploadedFile> files() {
        return files;
    }

    @Override
    public void close() {
        files.forEach(f -> storage.discard(f.file()));
    }
}
