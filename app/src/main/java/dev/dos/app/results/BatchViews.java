package dev.dos.app.results;

import dev.dos.core.format.ManifestEntry;
import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.ChunkRecord;
import dev.dos.core.meta.Page;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch as {@code dos list}, {@code dos info}, {@code GET /api/batches} and
 * {@code GET /api/batches/{id}} show it. Only what the local index holds: never key material or
 * the bot token. Discord's thread and message ids are shown; they let nobody in without the token.
 */
public final class BatchViews {
    private BatchViews() {
    }

    /** One batch in a list: its id is {@code batch_id}, its count of entries {@code files}. */
    public static Map<String, Object> batch(BatchRecord b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("batch_id", b.id());
        m.put("name", b.name());
        m.put("state", Views.lower(b.state()));
        m.put("created_at", Views.time(b.createdAt()));
        m.put("completed_at", Views.time(b.completedAt()));
        m.put("codec", b.codec());
        m.put("format_version", b.formatVersion());
        m.put("original_bytes", b.originalBytes());
        m.put("stored_bytes", b.storedBytes());
        m.put("files", b.fileCount());
        m.put("chunks", b.chunkCount());
        return m;
    }

    /** A page of batches: {@code batches}, {@code total}, {@code offset}, {@code has_more}. */
    public static Map<String, Object> page(Page<BatchRecord> page) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("batches", page.items().stream().map(BatchViews::batch).toList());
        m.put("total", page.total());
        m.put("offset", page.offset());
        m.put("has_more", page.hasMore());
        return m;
    }

    /** One batch in full: {@link #batch} plus where it lives on Discord, its entries and its chunks. */
    public static Map<String, Object> detail(BatchRecord b, List<ManifestEntry> entries, List<ChunkRecord> chunks) {
        Map<String, Object> m = batch(b);
        m.put("key_fingerprint", b.keyFingerprint());
        m.put("storage_thread_id", b.storageThreadId());
        m.put("index_message_id", b.indexMessageId());
        m.put("entries", entries.stream().map(BatchViews::entry).toList());
        m.put("chunk_list", chunks.stream().map(BatchViews::chunk).toList());
        return m;
    }

    public static Map<String, Object> entry(ManifestEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", e.path());
        m.put("type", Views.lower(e.type()));
        m.put("size", e.size());
        m.put("mode", Integer.toOctalString(e.mode()));
        m.put("mtime", Views.time(Instant.ofEpochMilli(e.mtimeMillis())));
        m.put("sha256", e.sha256());
        m.put("link_target", e.linkTarget());
        m.put("chunk", e.chunkIndex());
        return m;
    }

    public static Map<String, Object> chunk(ChunkRecord c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", c.index());
        m.put("size", c.size());
        m.put("plain_size", c.plainSize());
        m.put("sha256", c.sha256());
        m.put("state", Views.lower(c.state()));
        m.put("message_id", c.remote() == null ? null : c.remote().postId());
        m.put("attachment_id", c.remote() == null ? null : c.remote().blobId());
        return m;
    }
}
