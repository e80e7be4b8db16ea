package dev.dos.core.ops;

import dev.dos.core.format.BatchId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The post {@code dos delete} leaves in the index area once a batch's card is gone (docs/FORMAT.md
 * section 17.1), so that other machines' incremental syncs, which read only the index posts after
 * their cursor, drop the batch too. It carries the batch id and nothing else.
 *
 * @param batchId the deleted batch, 32 hex digits
 */
record DeletionRecord(String batchId) {
    static final String MARKER = "dos-delete v1";

    DeletionRecord {
        batchId = BatchId.parse(batchId).hex();
    }

    /** The record's text: a line for people, then the machine line in a code block. */
    String render() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("batch", batchId);
        return "**dos batch deleted** `" + batchId + "`\n" + CardFields.render(MARKER, fields);
    }

    /** The record a post's text holds; empty for any other text, or a malformed record. */
    static Optional<DeletionRecord> parse(String text) {
        Optional<CardFields> fields = CardFields.parse(MARKER, text);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new DeletionRecord(fields.get().require("batch")));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }
}
