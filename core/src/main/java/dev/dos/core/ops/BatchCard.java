package dev.dos.core.ops;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The human-readable card that announces a batch in the index channel. It carries only facts
 * that are safe in clear (ids, sizes, counts, dates, format version, key fingerprint): file
 * names live in the encrypted manifest attached to the card.
 *
 * <p>The last line is machine-readable ({@code dos-card v1 key=value ...}) so the index can be
 * rebuilt from the cards alone; the lines above it are for people browsing the channel.
 *
 * @param batchId        32 hex digits
 * @param createdAt      when the upload started
 * @param storageThread  id of the thread holding the chunks
 * @param chunkCount     number of chunks
 * @param storedBytes    bytes stored on the remote (all chunks)
 * @param originalBytes  bytes of the uploaded files
 * @param fileCount      number of entries
 * @param formatVersion  on-wire format version
 * @param keyFingerprint fingerprint of the key that encrypted the batch
 * @param label          optional user label (off by default: it is clear text), or null
 * @param lanes          ids of the batch's further lanes (threads its chunk posts were spread over
 *                       besides {@code storageThread}); empty for a one-lane batch
 */
public record BatchCard(String batchId, Instant createdAt, String storageThread, int chunkCount, long storedBytes,
                        long originalBytes, long fileCount, int formatVersion, String keyFingerprint, String label,
                        List<String> lanes) {

    public BatchCard {
        lanes = List.copyOf(lanes);
    }

    /** A one-lane batch's card. */
    public BatchCard(String batchId, Instant createdAt, String storageThread, int chunkCount, long storedBytes,
                     long originalBytes, long fileCount, int formatVersion, String keyFingerprint, String label) {
        this(batchId, createdAt, storageThread, chunkCount, storedBytes, originalBytes, fileCount, formatVersion,
                keyFingerprint, label, List.of());
    }

    /** Every container holding the batch's chunks: {@code storageThread} first, then the further lanes. */
    public List<String> containers() {
        List<String> all = new ArrayList<>();
        all.add(storageThread);
        all.addAll(lanes);
        return all;
    }

    static final String MARKER = "dos-card v1";
    private static final Pattern LABEL_LINE = Pattern.compile("^label: (.*)$", Pattern.MULTILINE);

    /** The card's message text (well under Discord's 2000 characters). */
    public String render() {
        StringBuilder text = new StringBuilder();
        text.append("**dos batch** `").append(batchId).append("`\n");
        if (label != null && !label.isBlank()) {
            text.append("label: ").append(label.strip()).append('\n');
        }
        text.append("created: ").append(createdAt).append('\n');
        text.append("stored: ").append(Sizes.human(storedBytes)).append(" in ").append(chunkCount)
                .append(chunkCount == 1 ? " chunk" : " chunks")
                .append(" (original ").append(Sizes.human(originalBytes)).append(", ").append(fileCount)
                .append(fileCount == 1 ? " entry" : " entries").append(")\n");
        text.append("chunks: <#").append(storageThread).append('>');
        lanes.forEach(lane -> text.append(" <#").append(lane).append('>'));
        text.append('\n');
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("batch", batchId);
        fields.put("created", createdAt);
        fields.put("thread", storageThread);
        fields.put("chunks", chunkCount);
        fields.put("stored", storedBytes);
        fields.put("original", originalBytes);
        fields.put("entries", fileCount);
        fields.put("format", formatVersion);
        fields.put("key", keyFingerprint);
        if (!lanes.isEmpty()) {
            fields.put("lanes", String.join(",", lanes));
        }
        return text.append(CardFields.render(MARKER, fields)).toString();
    }

    /** Reads a card back from its message text; empty if the text is not a dos card. */
    public static Optional<BatchCard> parse(String text) {
        Optional<CardFields> parsed = CardFields.parse(MARKER, text);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        CardFields f = parsed.get();
        try {
            String label = null;
            Matcher labelLine = LABEL_LINE.matcher(text);
            if (labelLine.find()) {
                label = labelLine.group(1);
            }
            return Optional.of(new BatchCard(f.require("batch"), Instant.parse(f.require("created")),
                    f.require("thread"), Integer.parseInt(f.require("chunks")), Long.parseLong(f.require("stored")),
                    Long.parseLong(f.require("original")), Long.parseLong(f.require("entries")),
                    Integer.parseInt(f.require("format")), f.require("key"), label,
                    f.optional("lanes").map(l -> java.util.Arrays.stream(l.split(",")).filter(x -> !x.isBlank()).toList()).orElse(List.of())));
        } catch (RuntimeException malformed) {
            // Anyone with access to the channel can post; a card that does not parse is not ours.
            return Optional.empty();
        }
    }
}
