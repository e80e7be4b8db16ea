package dev.dos.core.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dos.core.compress.Codec;
import dev.dos.core.compress.Compression;
import dev.dos.core.format.EntryType;
import dev.dos.core.pack.SourceSnapshot;
import dev.dos.core.pack.UnreadablePolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything needed to pack a batch again byte for byte: its roots, the options that shape its
 * chunks (codec, level, chunk target, symlink and unreadable-file policy), its card label and a
 * snapshot of the sources when the upload began. Saved in the local index as JSON (it names files,
 * so it never leaves the machine) before the first chunk is posted; resume reads it back.
 *
 * <p>The chunk target is stored resolved, in bytes: deriving it again from the remote's limit
 * would change every chunk if the server's upload limit changed in between.
 *
 * @param roots            absolute source paths, in the order given
 * @param compression      codec and level
 * @param chunkTargetBytes the chunk size target in use
 * @param followSymlinks   store what symlinks point to
 * @param onUnreadable     skip or abort on unreadable files
 * @param label            the card's clear-text label, or null
 * @param snapshot         the sources as they were when the upload began
 * @param lanes            how many containers the chunk posts are spread over (1 for sources saved
 *                         before lanes existed); fixed for the batch's life, so a resume posts into
 *                         the same ones
 * @param laneIds          ids of lanes 1 .. lanes-1 once they were created (lane 0 is the batch's
 *                         recorded container); empty before
 */
record UploadSource(List<Path> roots, Compression compression, int chunkTargetBytes, boolean followSymlinks,
                    UnreadablePolicy onUnreadable, String label, SourceSnapshot snapshot, int lanes,
                    List<String> laneIds) {

    /** Version of the JSON shape; sources without it come from before resume existed. */
    static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    UploadSource {
        roots = List.copyOf(roots);
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(onUnreadable, "onUnreadable");
        Objects.requireNonNull(snapshot, "snapshot");
        laneIds = List.copyOf(laneIds);
        if (lanes < 1) {
            throw new IllegalArgumentException("lanes must be at least 1, got " + lanes);
        }
    }

    UploadSource withLaneIds(List<String> ids) {
        return new UploadSource(roots, compression, chunkTargetBytes, followSymlinks, onUnreadable, label, snapshot,
                lanes, ids);
    }

    String toJson() throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION);
        ArrayNode paths = root.putArray("roots");
        roots.forEach(p -> paths.add(p.toString()));
        root.put("codec", compression.codec().label());
        root.put("level", compression.level());
        root.put("chunkTargetBytes", chunkTargetBytes);
        root.put("followSymlinks", followSymlinks);
        root.put("onUnreadable", onUnreadable.name());
        root.put("label", label);
        root.put("lanes", lanes);
        ArrayNode ids = root.putArray("laneIds");
        laneIds.forEach(ids::add);
        ArrayNode items = root.putArray("items");
        for (SourceSnapshot.Item item : snapshot.items()) {
            ObjectNode node = items.addObject();
            node.put("path", item.path());
            node.put("type", item.type().name().toLowerCase(Locale.ROOT));
            node.put("size", item.size());
            node.put("mtime", item.mtimeMillis());
            node.put("mode", item.mode());
            if (item.linkTarget() != null) {
                node.put("link", item.linkTarget());
            }
        }
        return JSON.writeValueAsString(root);
    }

    /** The lane ids a saved source records, however old or unreadable it is otherwise (none then). */
    static List<String> laneIdsIn(String json) {
        try {
            List<String> ids = new ArrayList<>();
            JSON.readTree(json).path("laneIds").forEach(id -> ids.add(id.asText()));
            return ids;
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Reads a saved source back.
     *
     * @throws NotResumableException if it predates resume or is not readable
     */
    static UploadSource fromJson(String batchId, String json) {
        try {
            JsonNode root = JSON.readTree(json);
            if (root.path("version").asInt(0) != VERSION) {
                throw new NotResumableException("batch " + batchId + " was started by a dos that recorded no"
                        + " source snapshot, so it cannot be resumed; upload again and 'dos delete " + batchId + "'");
            }
            List<Path> roots = new ArrayList<>();
            root.required("roots").forEach(p -> roots.add(Path.of(p.asText())));
            Compression compression = new Compression(
                    Codec.valueOf(root.required("codec").asText().toUpperCase(Locale.ROOT)),
                    root.required("level").asInt());
            List<String> laneIds = new ArrayList<>();
            root.path("laneIds").forEach(id -> laneIds.add(id.asText()));
            List<SourceSnapshot.Item> items = new ArrayList<>();
            for (JsonNode node : root.required("items")) {
                items.add(new SourceSnapshot.Item(node.required("path").asText(),
                        EntryType.valueOf(node.required("type").asText().toUpperCase(Locale.ROOT)),
                        node.required("size").asLong(), node.required("mtime").asLong(),
                        node.required("mode").asInt(), node.hasNonNull("link") ? node.get("link").asText() : null));
            }
            return new UploadSource(roots, compression, root.required("chunkTargetBytes").asInt(),
                    root.required("followSymlinks").asBoolean(),
                    UnreadablePolicy.valueOf(root.required("onUnreadable").asText()),
                    root.hasNonNull("label") ? root.get("label").asText() : null, new SourceSnapshot(items),
                    root.path("lanes").asInt(1), laneIds);
        } catch (IOException | IllegalArgumentException e) {
            throw new NotResumableException("the saved source of batch " + batchId + " is unreadable ("
                    + e.getMessage() + "); it cannot be resumed");
        }
    }
}
