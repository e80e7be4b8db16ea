package dev.dos.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dos.emulator.store.AttachmentFiles;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a message body the way Discord does: {@code application/json}, or
 * {@code multipart/form-data} with {@code payload_json} (or plain fields) and file parts. Every
 * part with a filename is a file, whatever its name (Discord's form parser takes any such part:
 * discord-api-docs issue #2064; Discord4J still sends {@code file} and {@code file0..n}); the
 * documented names {@code files[n]} and the older {@code fileN} give the placeholder {@code n}
 * that {@code attachments[].id} refers to. Files stream to disk; a file over the per-file limit,
 * or a request over the request limit, stops the upload with 413 / 40005 as soon as the limit is
 * crossed.
 */
final class MessagePayloadReader {
    private static final Pattern NUMBERED_FILE = Pattern.compile("files\\[(\\d{1,19})]|file(\\d{1,19})");
    /** The placeholder of a file part whose name carries no number: no {@code attachments[].id} matches it. */
    private static final long NO_PLACEHOLDER = -1;
    private static final int MAX_FIELD_BYTES = 64 * 1024;

    private final AttachmentFiles storage;

    MessagePayloadReader(AttachmentFiles storage) {
        this.storage = storage;
    }

    MessagePayload read(ApiCall call, long perFileLimit, long requestLimit) throws IOException {
        if (!call.isMultipart()) {
            return new MessagePayload(call.jsonBody(requestLimit), List.of(), storage);
        }
        String boundary = MultipartReader.boundaryOf(call.contentType());
        if (boundary == null || boundary.isEmpty()) {
            throw ApiErrors.form("", "CONTENT_TYPE_INVALID", "multipart/form-data requires a boundary.");
        }
        List<UploadedFile> files = new ArrayList<>();
        ObjectNode payloadJson = null;
        ObjectNode fields = Json.object();
        try {
            MultipartReader reader = new MultipartReader(new RequestLimit(call.body(), requestLimit), boundary);
            for (MultipartReader.Part part = reader.next(); part != null; part = reader.next()) {
                if ("payload_json".equals(part.name()) && part.filename() == null) {
                    payloadJson = objectOf(Json.parse(readField(part.body())));
                } else if (part.filename() != null) {
                    files.add(store(part, placeholder(part.name()), perFileLimit));
                } else if (part.name() != null) {
                    fields.put(part.name(), new String(readField(part.body()), StandardCharsets.UTF_8));
                }
            }
        } catch (MultipartReader.MalformedException e) {
            files.forEach(f -> storage.discard(f.file()));
            throw ApiErrors.form("", "MULTIPART_INVALID", "Invalid multipart/form-data body: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            files.forEach(f -> storage.discard(f.file()));
            throw e;
        }
        ObjectNode json = payloadJson != null ? payloadJson : formFields(fields);
        call.sawRequestJson(json);
        return new MessagePayload(json, files, storage);
    }

    /** The {@code n} of {@code files[n]} or {@code fileN}; {@link #NO_PLACEHOLDER} for any other name. */
    private static long placeholder(String partName) {
        Matcher numbered = NUMBERED_FILE.matcher(partName == null ? "" : partName);
        if (!numbered.matches()) {
            return NO_PLACEHOLDER;
        }
        return Long.parseLong(numbered.group(1) != null ? numbered.group(1) : numbered.group(2));
    }

    private UploadedFile store(MultipartReader.Part part, long placeholder, long perFileLimit) throws IOException {
        Path tmp = storage.newIncoming();
        long size;
        try (OutputStream out = Files.newOutputStream(tmp)) {
            size = copyAtMost(part.body(), out, perFileLimit);
        } catch (IOException | RuntimeException e) {
            storage.discard(tmp);
            throw e;
        }
        if (size > perFileLimit) {
            storage.discard(tmp);
            throw ApiErrors.requestTooLarge();
        }
        return new UploadedFile(placeholder, part.filename(), part.contentType(), tmp, size);
    }

    /** Copies up to {@code limit + 1} bytes: one byte more is enough to know the file is too big. */
    private static long copyAtMost(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
            total += n;
            if (total > limit) {
                return total;
            }
            out.write(buf, 0, n);
        }
        return total;
    }

    private static byte[] readField(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_FIELD_BYTES + 1);
        if (bytes.length > MAX_FIELD_BYTES) {
            throw ApiErrors.requestTooLarge();
        }
        return bytes;
    }

    private static ObjectNode objectOf(JsonNode node) {
        if (node instanceof ObjectNode object) {
            return object;
        }
        throw ApiErrors.form("", "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
    }

    /** Plain form fields as a payload: {@code content} stays text, {@code tts} becomes a boolean. */
    private static ObjectNode formFields(ObjectNode fields) {
        JsonNode tts = fields.get("tts");
        if (tts != null) {
            fields.put("tts", tts.asText().equalsIgnoreCase("true"));
        }
        return fields;
    }

    /** Fails with 413 once more than {@code limit} bytes of the request were read. */
    private static final class RequestLimit extends FilterInputStream {
        private final long limit;
        private long read;

        RequestLimit(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? -1 : 1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count(n);
            return n;
        }

        private void count(int n) {
            if (n > 0 && (read += n) > limit) {
                throw ApiErrors.requestTooLarge();
            }
        }
    }
}
