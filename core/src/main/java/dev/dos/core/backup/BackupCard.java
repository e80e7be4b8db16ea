package dev.dos.core.backup;

import dev.dos.core.crypto.KeyFingerprint;
import dev.dos.core.format.BatchId;
import dev.dos.core.ops.Sizes;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of one post of a backup in the remote's backup area (docs/FORMAT.md section 8). A
 * backup too large for one post is split into parts; each part's post carries a run of
 * consecutive chunks as blobs, from {@code firstChunk} on. Only clear facts appear: ids, date,
 * sizes, counts and the key fingerprint.
 *
 * <p>The last line is machine-readable ({@code dos-backup v1 key=value ...}); the lines above it
 * are for people browsing the channel.
 *
 * @param header      the backup's facts (id, key, date, total chunk count)
 * @param part        this post's part number, from 1
 * @param parts       how many posts the backup takes
 * @param firstChunk  index of the first chunk attached to this post
 * @param storedBytes bytes of all the backup's chunks together
 */
public record BackupCard(BackupHeader header, int part, int parts, int firstChunk, long storedBytes) {
    static final String MARKER = "dos-backup v1";
    private static final Pattern MACHINE_LINE = Pattern.compile("^" + Pattern.quote(MARKER) + " (.*)$", Pattern.MULTILINE);
    private static final Pattern PAIR = Pattern.compile("(\\w+)=(\\S+)");

    public BackupCard {
        if (parts < 1 || part < 1 || part > parts || firstChunk < 0 || firstChunk >= header.chunkCount()
                || storedBytes < 0) {
            throw new IllegalArgumentException("inconsistent backup card: part " + part + "/" + parts + ", first chunk "
                    + firstChunk + " of " + header.chunkCount());
        }
    }

    public String render() {
        BackupHeader h = header;
        StringBuilder text = new StringBuilder();
        text.append("**dos database backup** `").append(h.backupId()).append('`');
        if (parts > 1) {
            text.append(" (part ").append(part).append(" of ").append(parts).append(')');
        }
        text.append('\n');
        text.append("created: ").append(h.createdAt()).append('\n');
        text.append("size: ").append(Sizes.human(storedBytes)).append(" in ").append(h.chunkCount())
                .append(h.chunkCount() == 1 ? " chunk" : " chunks").append(", encrypted\n");
        text.append("```\n").append(MARKER)
                .append(" backup=").append(h.backupId())
                .append(" created=").append(h.createdAt())
                .append(" part=").append(part)
                .append(" parts=").append(parts)
                .append(" first=").append(firstChunk)
                .append(" chunks=").append(h.chunkCount())
                .append(" stored=").append(storedBytes)
                .append(" key=").append(h.keyFingerprint())
                .append("\n```");
        return text.toString();
    }

    /** Reads a card back from a post's text; empty if the text is not a (well-formed) backup card. */
    public static Optional<BackupCard> parse(String text) {
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
            BackupHeader header = new BackupHeader(BatchId.parse(require(fields, "backup")),
                    new KeyFingerprint(require(fields, "key")), Instant.parse(require(fields, "created")),
                    Integer.parseInt(require(fields, "chunks")));
            return Optional.of(new BackupCard(header, Integer.parseInt(require(fields, "part")),
                    Integer.parseInt(require(fields, "parts")), Integer.parseInt(require(fields, "first")),
                    Long.parseLong(require(fields, "stored"))));
        } catch (RuntimeException malformed) {
            // Anyone with access to the channel can post; a card that does not parse is not ours.
            return Optional.empty();
        }
    }

    private static String require(Map<String, String> fields, String key) {
        String value = fields.get(key);
        if (value == null) {
            throw new IllegalArgumentException("backup card lacks " + key);
        }
        return value;
    }
}
