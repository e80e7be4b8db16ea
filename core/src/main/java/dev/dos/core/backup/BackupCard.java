package dev.dos.core.backup;

import dev.dos.core.crypto.KeyFingerprint;
import dev.dos.core.format.BatchId;
import dev.dos.core.ops.CardFields;
import dev.dos.core.ops.Sizes;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

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
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("backup", h.backupId());
        fields.put("created", h.createdAt());
        fields.put("part", part);
        fields.put("parts", parts);
        fields.put("first", firstChunk);
        fields.put("chunks", h.chunkCount());
        fields.put("stored", storedBytes);
        fields.put("key", h.keyFingerprint());
        return text.append(CardFields.render(MARKER, fields)).toString();
    }

    /** Reads a card back from a post's text; empty if the text is not a (well-formed) backup card. */
    public static Optional<BackupCard> parse(String text) {
        Optional<CardFields> parsed = CardFields.parse(MARKER, text);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        CardFields f = parsed.get();
        try {
            BackupHeader header = new BackupHeader(BatchId.parse(f.require("backup")),
                    new KeyFingerprint(f.require("key")), Instant.parse(f.require("created")),
                    Integer.parseInt(f.require("chunks")));
            return Optional.of(new BackupCard(header, Integer.parseInt(f.require("part")),
                    Integer.parseInt(f.require("parts")), Integer.parseInt(f.require("first")),
                    Long.parseLong(f.require("stored"))));
        } catch (RuntimeException malformed) {
            // Anyone with access to the channel can post; a card that does not parse is not ours.
            return Optional.empty();
        }
    }
}
