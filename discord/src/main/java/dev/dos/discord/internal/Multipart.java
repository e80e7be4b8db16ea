package dev.dos.discord.internal;

import dev.dos.core.remote.BlobUpload;
import dev.dos.discord.api.AttachmentSlot;
import dev.dos.discord.api.Json;
import dev.dos.discord.api.MessagePayload;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Builds Discord's multipart/form-data message body: a {@code payload_json} part, then one
 * {@code files[n]} part per file whose {@code attachments[n].id} is {@code n}. File bytes are
 * referenced, not copied.
 */
public final class Multipart {

    private Multipart() {
    }

    /**
     * A new message's body. {@code nonce} (at most 25 characters) is sent with {@code enforce_nonce}:
     * the body is built once and sent again as is by every retry, so an attempt whose answer was
     * lost after Discord stored the message cannot store it twice.
     */
    public static RequestBody message(String content, List<BlobUpload> files, String nonce) {
        String boundary = "dos-" + UUID.randomUUID().toString().replace("-", "");
        List<AttachmentSlot> slots = new ArrayList<>(files.size());
        for (int n = 0; n < files.size(); n++) {
            slots.add(new AttachmentSlot(Integer.toString(n), files.get(n).name()));
        }
        byte[] payload;
        try {
            payload = Json.MAPPER.writeValueAsBytes(new MessagePayload(content, slots, nonce, true));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode the message payload", e);
        }

        List<byte[]> parts = new ArrayList<>(2 * files.size() + 3);
        parts.add(utf8("--" + boundary + "\r\nContent-Disposition: form-data; name=\"payload_json\"\r\n"
                + "Content-Type: application/json\r\n\r\n"));
        parts.add(payload);
        for (int n = 0; n < files.size(); n++) {
            parts.add(utf8("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"files[" + n
                    + "]\"; filename=\"" + quoted(files.get(n).name()) + "\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n"));
            parts.add(files.get(n).bytes());
        }
        parts.add(utf8("\r\n--" + boundary + "--\r\n"));
        return new RequestBody("multipart/form-data; boundary=" + boundary, parts);
    }

    /** Escapes a filename for a quoted header parameter the way browsers do (HTML form encoding). */
    static String quoted(String filename) {
        return filename.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
