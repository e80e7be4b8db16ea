package dev.dos.s3.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dos.s3.store.ObjectMeta;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Journal records and checkpoints as JSON lines (docs/FORMAT.md sections 16.4 and 16.6): a header
 * line, then one line per {@link JournalEntry}. Readers are strict: a missing field or an unknown
 * entry type is an {@link IOException}, never a guess.
 */
final class JournalCodec {
    static final int VERSION = 1;
    static final String JOURNAL = "journal";
    static final String CHECKPOINT = "checkpoint";
    private static final ObjectMapper JSON = new ObjectMapper();

    private JournalCodec() {
    }

    /**
     * The first line of a record or checkpoint.
     *
     * @param kind    {@link #JOURNAL} or {@link #CHECKPOINT}
     * @param lanes   the lanes' container ids (checkpoints only, else empty)
     * @param cursors per lane, the newest commit post the checkpoint covers, or null (checkpoints only)
     */
    record Header(String kind, String store, long seq, long at, List<String> lanes, List<String> cursors) {
        Header {
            lanes = List.copyOf(lanes);
            cursors = java.util.Collections.unmodifiableList(new ArrayList<>(cursors));
        }
    }

    // ---- writing ---------------------------------------------------------------------------

    /** A whole journal record's plaintext. */
    static byte[] record(Header header, List<JournalEntry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeLine(out, header(header));
            for (JournalEntry entry : entries) {
                writeLine(out, entry(entry));
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return out.toByteArray();
    }

    static void writeHeader(OutputStream out, Header header) throws IOException {
        writeLine(out, header(header));
    }

    static void writeEntry(OutputStream out, JournalEntry entry) throws IOException {
        writeLine(out, entry(entry));
    }

    /** About how many bytes an entry takes as a line (sizes a commit before it is encoded). */
    static int estimate(JournalEntry entry) {
        try {
            return JSON.writeValueAsBytes(entry(entry)).length + 1;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeLine(OutputStream out, ObjectNode node) throws IOException {
        out.write(JSON.writeValueAsBytes(node));
        out.write('\n');
    }

    private static ObjectNode header(Header h) {
        ObjectNode n = JSON.createObjectNode();
        n.put("r", h.kind());
        n.put("v", VERSION);
        n.put("store", h.store());
        n.put("seq", h.seq());
        n.put("at", h.at());
        if (h.kind().equals(CHECKPOINT)) {
            ArrayNode lanes = n.putArray("lanes");
            h.lanes().forEach(lanes::add);
            ArrayNode cursors = n.putArray("cursors");
            h.cursors().forEach(c -> {
                if (c == null) {
                    cursors.addNull();
                } else {
                    cursors.add(c);
                }
            });
        }
        return n;
    }

    private static ObjectNode entry(JournalEntry entry) {
        ObjectNode n = JSON.createObjectNode();
        switch (entry) {
            case JournalEntry.BucketCreate e -> {
                n.put("t", "bucket").put("b", e.bucket()).put("at", e.at());
            }
            case JournalEntry.BucketDelete e -> n.put("t", "unbucket").put("b", e.bucket());
            case JournalEntry.PostEntry e -> {
                n.put("t", "post").put("l", e.lane()).put("p", e.postId()).put("z", e.bytes());
                if (e.seq() > 0) {
                    n.put("q", e.seq());
                }
            }
            case JournalEntry.Data e -> {
                n.put("t", "data").put("d", e.dataId());
                ArrayNode chunks = n.putArray("c");
                e.chunks().forEach(c -> chunks.add(location(c)));
            }
            case JournalEntry.Put e -> {
                n.put("t", "put").put("b", e.bucket()).put("k", e.key()).put("z", e.size()).put("e", e.etag())
                        .put("at", e.at()).put("v", e.version());
                n.set("m", meta(e.meta()));
                ArrayNode data = n.putArray("d");
                e.dataIds().forEach(data::add);
            }
            case JournalEntry.Delete e -> n.put("t", "delete").put("b", e.bucket()).put("k", e.key());
            case JournalEntry.UploadStart e -> {
                n.put("t", "upload").put("u", e.uploadId()).put("b", e.bucket()).put("k", e.key()).put("at", e.at());
                n.set("m", meta(e.meta()));
            }
            case JournalEntry.Part e -> n.put("t", "part").put("u", e.uploadId()).put("n", e.number())
                    .put("z", e.size()).put("e", e.etag()).put("at", e.at()).put("d", e.dataId());
            case JournalEntry.Abort e -> n.put("t", "abort").put("u", e.uploadId());
            case JournalEntry.Move e -> {
                n.put("t", "move").put("d", e.dataId()).put("i", e.index());
                n.set("c", location(e.loc()));
            }
        }
        return n;
    }

    private static ObjectNode location(ChunkLoc c) {
        ObjectNode n = JSON.createObjectNode().put("r", c.raw()).put("s", c.stored()).put("o", c.offset());
        if (c.inThisPost()) {
            n.put("b", c.blobIndex());
        } else {
            n.put("l", c.lane()).put("p", c.postId()).put("b", c.blobId());
        }
        return n;
    }

    static ObjectNode meta(ObjectMeta meta) {
        ObjectNode n = JSON.createObjectNode();
        if (meta.contentType() != null) {
            n.put("ct", meta.contentType());
        }
        ObjectNode headers = n.putObject("h");
        meta.headers().forEach(headers::put);
        ObjectNode user = n.putObject("u");
        meta.user().forEach(user::put);
        return n;
    }

    static String metaJson(ObjectMeta meta) {
        return meta(meta).toString();
    }

    static ObjectMeta parseMeta(String json) throws IOException {
        return meta(JSON.readTree(json));
    }

    // ---- reading ---------------------------------------------------------------------------

    static Header parseHeader(String line) throws IOException {
        JsonNode n = tree(line);
        String kind = text(n, "r");
        if (!kind.equals(JOURNAL) && !kind.equals(CHECKPOINT)) {
            throw new IOException("not a journal record or checkpoint: " + kind);
        }
        if (integer(n, "v") != VERSION) {
            throw new IOException(kind + " of version " + n.get("v") + "; this build reads version " + VERSION);
        }
        List<String> lanes = new ArrayList<>();
        List<String> cursors = new ArrayList<>();
        if (kind.equals(CHECKPOINT)) {
            for (JsonNode lane : array(n, "lanes")) {
                lanes.add(lane.asText());
            }
            for (JsonNode cursor : array(n, "cursors")) {
                cursors.add(cursor.isNull() ? null : cursor.asText());
            }
            if (lanes.size() != cursors.size() || lanes.isEmpty()) {
                throw new IOException("a checkpoint needs one cursor per lane");
            }
        }
        return new Header(kind, text(n, "store"), integer(n, "seq"), integer(n, "at"), lanes, cursors);
    }

    static JournalEntry parseEntry(String line) throws IOException {
        JsonNode n = tree(line);
        String type = text(n, "t");
        return switch (type) {
            case "bucket" -> new JournalEntry.BucketCreate(text(n, "b"), integer(n, "at"));
            case "unbucket" -> new JournalEntry.BucketDelete(text(n, "b"));
            case "post" -> new JournalEntry.PostEntry((int) integer(n, "l"), text(n, "p"), integer(n, "z"),
                    n.has("q") ? integer(n, "q") : 0);
            case "data" -> {
                List<ChunkLoc> chunks = new ArrayList<>();
                for (JsonNode c : array(n, "c")) {
                    chunks.add(location(c));
                }
                yield new JournalEntry.Data(text(n, "d"), chunks);
            }
            case "put" -> {
                List<String> data = new ArrayList<>();
                for (JsonNode d : array(n, "d")) {
                    data.add(d.asText());
                }
                yield new JournalEntry.Put(text(n, "b"), text(n, "k"), integer(n, "z"), text(n, "e"),
                        integer(n, "at"), text(n, "v"), meta(field(n, "m")), data);
            }
            case "delete" -> new JournalEntry.Delete(text(n, "b"), text(n, "k"));
            case "upload" -> new JournalEntry.UploadStart(text(n, "u"), text(n, "b"), text(n, "k"), integer(n, "at"),
                    meta(field(n, "m")));
            case "part" -> new JournalEntry.Part(text(n, "u"), (int) integer(n, "n"), integer(n, "z"), text(n, "e"),
                    integer(n, "at"), text(n, "d"));
            case "abort" -> new JournalEntry.Abort(text(n, "u"));
            case "move" -> new JournalEntry.Move(text(n, "d"), (int) integer(n, "i"), location(field(n, "c")));
            default -> throw new IOException("unknown journal entry type '" + type + "'");
        };
    }

    private static ChunkLoc location(JsonNode n) throws IOException {
        long raw = integer(n, "r");
        long stored = integer(n, "s");
        long offset = integer(n, "o");
        JsonNode blob = field(n, "b");
        try {
            if (n.has("p")) {
                return ChunkLoc.at(raw, stored, (int) integer(n, "l"), text(n, "p"), blob.asText(), offset);
            }
            if (!blob.canConvertToInt()) {
                throw new IOException("a location in this post names its blob by number");
            }
            return ChunkLoc.inThisPost(raw, stored, blob.intValue(), offset);
        } catch (IllegalArgumentException e) {
            throw new IOException("bad chunk location: " + e.getMessage(), e);
        }
    }

    private static ObjectMeta meta(JsonNode n) throws IOException {
        String contentType = n.has("ct") && !n.get("ct").isNull() ? n.get("ct").asText() : null;
        return new ObjectMeta(contentType, strings(field(n, "h")), strings(field(n, "u")));
    }

    private static Map<String, String> strings(JsonNode n) throws IOException {
        if (!n.isObject()) {
            throw new IOException("expected an object of strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static JsonNode tree(String line) throws IOException {
        JsonNode n = JSON.readTree(line);
        if (n == null || !n.isObject()) {
            throw new IOException("a journal line is not a JSON object");
        }
        return n;
    }

    private static JsonNode field(JsonNode n, String name) throws IOException {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            throw new IOException("journal line lacks field '" + name + "'");
        }
        return v;
    }

    private static String text(JsonNode n, String name) throws IOException {
        JsonNode v = field(n, name);
        if (!v.isTextual()) {
            throw new IOException("field '" + name + "' is not a string");
        }
        return v.asText();
    }

    private static long integer(JsonNode n, String name) throws IOException {
        JsonNode v = field(n, name);
        if (!v.canConvertToLong() || !v.isIntegralNumber()) {
            throw new IOException("field '" + name + "' is not an integer");
        }
        return v.longValue();
    }

    private static Iterable<JsonNode> array(JsonNode n, String name) throws IOException {
        JsonNode v = field(n, name);
        if (!v.isArray()) {
            throw new IOException("field '" + name + "' is not an array");
        }
        return v;
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
