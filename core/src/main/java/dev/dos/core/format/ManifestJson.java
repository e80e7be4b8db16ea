package dev.dos.core.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.dos.core.compress.Codec;
import dev.dos.core.compress.Compression;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The manifest's JSON form (docs/FORMAT.md section 7), written and read as a stream so a manifest
 * with a million entries never exists twice in memory. Field names are spelled out here rather
 * than derived from record components, so renaming a Java field cannot change the format.
 */
final class ManifestJson {
    static final String FORMAT = "dos-manifest";
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(1 << 20).build())
            .build();

    private ManifestJson() {
    }

    static void write(BatchManifest manifest, OutputStream out) throws IOException {
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("format", FORMAT);
            json.writeNumberField("version", BatchManifest.FORMAT_VERSION);
            json.writeStringField("batchId", manifest.batchId().hex());
            json.writeStringField("createdAt", manifest.createdAt().toString());
            json.writeStringField("codec", manifest.compression().codec().label());
            json.writeNumberField("level", manifest.compression().level());
            json.writeNumberField("chunkTargetBytes", manifest.chunkTargetBytes());
            json.writeNumberField("originalBytes", manifest.originalBytes());
            json.writeNumberField("tarBytes", manifest.tarBytes());
            if (manifest.label() != null) {
                json.writeStringField("label", manifest.label());
            }
            json.writeArrayFieldStart("chunks");
            for (ManifestChunk chunk : manifest.chunks()) {
                json.writeStartObject();
                json.writeNumberField("index", chunk.index());
                json.writeNumberField("storedBytes", chunk.storedBytes());
                json.writeNumberField("rawBytes", chunk.rawBytes());
                json.writeStringField("sha256", chunk.sha256());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("entries");
            for (ManifestEntry entry : manifest.entries()) {
                json.writeStartObject();
                json.writeStringField("path", entry.path());
                json.writeStringField("type", typeName(entry.type()));
                json.writeNumberField("size", entry.size());
                json.writeNumberField("mode", entry.mode());
                json.writeNumberField("mtime", entry.mtimeMillis());
                json.writeStringField("sha256", entry.sha256());
                json.writeStringField("link", entry.linkTarget());
                json.writeNumberField("chunk", entry.chunkIndex());
                json.writeNumberField("offset", entry.offset());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    /** Parses a manifest; any structural problem is an IOException naming the field. */
    static BatchManifest read(InputStream in) throws IOException {
        try (JsonParser json = FACTORY.createParser(in)) {
            expect(json.nextToken(), JsonToken.START_OBJECT, "manifest");
            String format = null;
            Integer version = null;
            BatchId batchId = null;
            Instant createdAt = null;
            Codec codec = null;
            Integer level = null;
            Integer target = null;
            Long originalBytes = null;
            Long tarBytes = null;
            List<ManifestChunk> chunks = null;
            List<ManifestEntry> entries = null;
            String label = null;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                json.nextToken();
                switch (field) {
                    case "format" -> format = json.getValueAsString();
                    case "version" -> version = intValue(json, field);
                    case "batchId" -> batchId = BatchId.parse(string(json, field));
                    case "createdAt" -> createdAt = instant(json, field);
                    case "codec" -> codec = Codec.fromLabel(string(json, field));
                    case "level" -> level = intValue(json, field);
                    case "chunkTargetBytes" -> target = intValue(json, field);
                    case "originalBytes" -> originalBytes = longValue(json, field);
                    case "tarBytes" -> tarBytes = longValue(json, field);
                    case "chunks" -> chunks = readChunks(json);
                    case "entries" -> entries = readEntries(json);
                    case "label" -> label = string(json, field);
                    default -> json.skipChildren();
                }
            }
            if (!FORMAT.equals(format)) {
                throw new IOException("not a dos manifest (format " + format + ")");
            }
            if (version == null || version != BatchManifest.FORMAT_VERSION) {
                throw new IOException("unsupported manifest version " + version);
            }
            return new BatchManifest(required(batchId, "batchId"), required(createdAt, "createdAt"),
                    new Compression(required(codec, "codec"), required(level, "level")),
                    required(target, "chunkTargetBytes"), required(originalBytes, "originalBytes"),
                    required(tarBytes, "tarBytes"), required(chunks, "chunks"), required(entries, "entries"), label);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static List<ManifestChunk> readChunks(JsonParser json) throws IOException {
        expect(json.currentToken(), JsonToken.START_ARRAY, "chunks");
        List<ManifestChunk> chunks = new ArrayList<>();
        while (json.nextToken() == JsonToken.START_OBJECT) {
            Integer index = null;
            Long stored = null;
            Long raw = null;
            String sha256 = null;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                json.nextToken();
                switch (field) {
                    case "index" -> index = intValue(json, field);
                    case "storedBytes" -> stored = longValue(json, field);
                    case "rawBytes" -> raw = longValue(json, field);
                    case "sha256" -> sha256 = string(json, field);
                    default -> json.skipChildren();
                }
            }
            chunks.add(new ManifestChunk(required(index, "chunks.index"), required(stored, "chunks.storedBytes"),
                    required(raw, "chunks.rawBytes"), required(sha256, "chunks.sha256")));
        }
        expect(json.currentToken(), JsonToken.END_ARRAY, "chunks");
        return chunks;
    }

    private static List<ManifestEntry> readEntries(JsonParser json) throws IOException {
        expect(json.currentToken(), JsonToken.START_ARRAY, "entries");
        List<ManifestEntry> entries = new ArrayList<>();
        while (json.nextToken() == JsonToken.START_OBJECT) {
            String path = null;
            EntryType type = null;
            Long size = null;
            Integer mode = null;
            Long mtime = null;
            String sha256 = null;
            String link = null;
            Integer chunk = null;
            Long offset = null;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                json.nextToken();
                switch (field) {
                    case "path" -> path = string(json, field);
                    case "type" -> type = type(string(json, field));
                    case "size" -> size = longValue(json, field);
                    case "mode" -> mode = intValue(json, field);
                    case "mtime" -> mtime = longValue(json, field);
                    case "sha256" -> sha256 = nullableString(json, field);
                    case "link" -> link = nullableString(json, field);
                    case "chunk" -> chunk = intValue(json, field);
                    case "offset" -> offset = longValue(json, field);
                    default -> json.skipChildren();
                }
            }
            entries.add(new ManifestEntry(required(path, "entries.path"), required(type, "entries.type"),
                    required(size, "entries.size"), required(mode, "entries.mode"), required(mtime, "entries.mtime"),
                    sha256, link, required(chunk, "entries.chunk"), required(offset, "entries.offset")));
        }
        expect(json.currentToken(), JsonToken.END_ARRAY, "entries");
        return entries;
    }

    static String typeName(EntryType type) {
        return switch (type) {
            case FILE -> "file";
            case DIR -> "dir";
            case SYMLINK -> "symlink";
        };
    }

    private static EntryType type(String name) throws IOException {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "file" -> EntryType.FILE;
            case "dir" -> EntryType.DIR;
            case "symlink" -> EntryType.SYMLINK;
            default -> throw new IOException("unknown entry type " + name);
        };
    }

    private static void expect(JsonToken actual, JsonToken expected, String what) throws IOException {
        if (actual != expected) {
            throw new IOException("malformed manifest: expected " + expected + " in " + what + ", found " + actual);
        }
    }

    private static String string(JsonParser json, String field) throws IOException {
        if (json.currentToken() != JsonToken.VALUE_STRING) {
            throw new IOException("field " + field + " must be a string");
        }
        return json.getText();
    }

    private static String nullableString(JsonParser json, String field) throws IOException {
        return json.currentToken() == JsonToken.VALUE_NULL ? null : string(json, field);
    }

    private static int intValue(JsonParser json, String field) throws IOException {
        if (json.currentToken() != JsonToken.VALUE_NUMBER_INT || json.getNumberType() != JsonParser.NumberType.INT) {
            throw new IOException("field " + field + " must be a 32-bit integer");
        }
        return json.getIntValue();
    }

    private static long longValue(JsonParser json, String field) throws IOException {
        if (json.currentToken() != JsonToken.VALUE_NUMBER_INT
                || json.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new IOException("field " + field + " must be a 64-bit integer");
        }
        return json.getLongValue();
    }

    private static Instant instant(JsonParser json, String field) throws IOException {
        try {
            return Instant.parse(string(json, field));
        } catch (DateTimeParseException e) {
            throw new IOException("field " + field + " is not an ISO-8601 instant");
        }
    }

    private static <T> T required(T value, String field) throws IOException {
        if (value == null) {
            throw new IOException("manifest lacks field " + field);
        }
        return value;
    }
}
