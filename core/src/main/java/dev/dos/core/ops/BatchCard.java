package dev.dos.core.ops;

import java.time.Instant;
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
 */
public record BatchCard(String batchId, Instant createdAt, String storageThread, int chunkCount, long storedBytes,
                        long originalBytes, long fileCount, int formatVersion, String keyFingerprint, String label) {

    static final String MARKER = "dos-card v1";
    private static final Pattern MACHINE_LINE = Pattern.compile("^" + Pattern.quote(MARKER) + " (.*)$", Pattern.MULTILINE);
    private static final Pattern PAIR = Pattern.compile("(\\w+)=(\\S+)");

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
        text.append("chunks: <#").append(storageThread).append(">\n");
        text.append("```\n").append(MARKER)
                .append(" batch=").append(batchId)
                .append(" created=").append(createdAt)
                .append(" thread=").append(storageThread)
                .append(" chunks=").append(chunkCount)
                .append(" stored=").append(storedBytes)
                .append(" original=").append(originalBytes)
                .append(" entries=").append(fileCount)
                .append(" format=").append(formatVersion)
                .append(" key=").append(keyFingerprint)
                .append("\n```");
        return text.toString();
    }

    /** Reads a card back from its message text; empty if the text is not a dos card. */
    public static Optional<BatchCard> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher line = MACHINE_LINE.matcher(text);
        if (!line.find()) {
            return Optional.empty();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher pair = PAIR.matcher(line.group(1));
        while (pair.find()) {
            fields.put(pair.group(1), pair.group(2));
        }
        try {
            String label = null;
            Matcher labelLine = Pattern.compile("^label: (.*)$", Pattern.MULTILINE).matcher(text);
            if (labelLine.find()) {
                label = labelLine.group(1);
            }
            return Optional.of(new BatchCard(require(fields, "batch"), Instant.parse(require(fields, "created")),
                    require(fields, "thread"), Integer.parseInt(require(fields, "chunks")),
                    Long.parseLong(require(fields, "stored")), Long.parseLong(require(fields, "original")),
                    Long.parseLong(require(fields, "entries")), Integer.parseInt(require(fields, "format")),
                    require(fields, "key"), label));
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
    }

    private static String require(Map<String, String> fields, String key) {
        String value = fields.get(key);
        if (value == null) {
            throw new IllegalArgumentException("card lacks " + key);
        }
        return value;
    }
}
