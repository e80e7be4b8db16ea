package dev.dos.core.ops;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The card that announces a batch in the index channel (docs/FORMAT.md section 13). It carries
 * only what Discord can see anyway (section 9): ids, the date, the chunk count, the format version
 * and the key fingerprint. Sizes, entry counts, names and the label live in the encrypted manifest
 * attached to the card.
 *
 * <p>The last line is machine-readable ({@code dos-card v2 key=value ...}) so the index can be
 * rebuilt from the cards alone; the lines above it are for people browsing the channel. Cards of
 * version 1, which also carried sizes, an entry count and an optional label in clear, are still
 * read; their clear sizes are ignored (the manifest is the authority).
 *
 * @param batchId        32 hex digits
 * @param createdAt      when the upload started
 * @param storageThread  id of the thread holding the chunks
 * @param chunkCount     number of chunks
 * @param formatVersion  on-wire format version
 * @param keyFingerprint fingerprint of the key that encrypted the batch
 * @param lanes          ids of the batch's further lanes (threads its chunk posts were spread over
 *                       besides {@code storageThread}); empty for a one-lane batch
 */
public record BatchCard(String batchId, Instant createdAt, String storageThread, int chunkCount, int formatVersion,
                        String keyFingerprint, List<String> lanes) {

    static final String MARKER = "dos-card v2";
    /** The marker of cards written before version 2. */
    static final String MARKER_V1 = "dos-card v1";

    public BatchCard {
        lanes = List.copyOf(lanes);
    }

    /** A one-lane batch's card. */
    public BatchCard(String batchId, Instant createdAt, String storageThread, int chunkCount, int formatVersion,
                     String keyFingerprint) {
        this(batchId, createdAt, storageThread, chunkCount, formatVersion, keyFingerprint, List.of());
    }

    /** Every container holding the batch's chunks: {@code storageThread} first, then the further lanes. */
    public List<String> containers() {
        List<String> all = new ArrayList<>();
        all.add(storageThread);
        all.addAll(lanes);
        return all;
    }

    /** The card's message text (well under Discord's 2000 characters). */
    public String render() {
        StringBuilder text = new StringBuilder();
        text.append("**dos batch** `").append(batchId).append("`\n");
        text.append("created: ").append(createdAt).append('\n');
        text.append("chunks: ").append(chunkCount).append(" in <#").append(storageThread).append('>');
        lanes.forEach(lane -> text.append(" <#").append(lane).append('>'));
        text.append('\n');
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("batch", batchId);
        fields.put("created", createdAt);
        fields.put("thread", storageThread);
        fields.put("chunks", chunkCount);
        fields.put("format", formatVersion);
        fields.put("key", keyFingerprint);
        if (!lanes.isEmpty()) {
            fields.put("lanes", String.join(",", lanes));
        }
        return text.append(CardFields.render(MARKER, fields)).toString();
    }

    /** Reads a card (version 2, or 1) back from its message text; empty if the text is not a dos card. */
    public static Optional<BatchCard> parse(String text) {
        Optional<CardFields> parsed = CardFields.parse(MARKER, text).or(() -> CardFields.parse(MARKER_V1, text));
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        CardFields f = parsed.get();
        try {
            return Optional.of(new BatchCard(f.require("batch"), Instant.parse(f.require("created")),
                    f.require("thread"), Integer.parseInt(f.require("chunks")), Integer.parseInt(f.require("format")),
                    f.require("key"), f.optional("lanes")
                            .map(l -> Arrays.stream(l.split(",")).filter(x -> !x.isBlank()).toList())
                            .orElse(List.of())));
        } catch (RuntimeException malformed) {
            // Anyone with access to the channel can post; a card that does not parse is not ours.
            return Optional.empty();
        }
    }
}
