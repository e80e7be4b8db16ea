package dev.dos.s3.engine;

import dev.dos.s3.store.ObjectMeta;
import java.util.List;

/**
 * One change of a store's state, as a journal record or a checkpoint carries it (docs/FORMAT.md
 * section 16.4). Times are milliseconds since the epoch.
 */
sealed interface JournalEntry {

    /** Creates a bucket. */
    record BucketCreate(String bucket, long at) implements JournalEntry {
    }

    /** Deletes an empty bucket. */
    record BucketDelete(String bucket) implements JournalEntry {
    }

    /**
     * Registers a post: its blobs weigh {@code bytes} together; {@code seq} is the record it carries
     * (0: none, a data post).
     */
    record PostEntry(int lane, String postId, long bytes, long seq) implements JournalEntry {
    }

    /** A new data stream and where its chunks are, in index order. */
    record Data(String dataId, List<ChunkLoc> chunks) implements JournalEntry {
        public Data {
            chunks = List.copyOf(chunks);
            if (chunks.isEmpty()) {
                throw new IllegalArgumentException("a data stream has at least one chunk");
            }
        }

        long size() {
            return chunks.stream().mapToLong(ChunkLoc::raw).sum();
        }
    }

    /** The key now holds this object, the concatenation of {@code dataIds}. */
    record Put(String bucket, String key, long size, String etag, long at, String version, ObjectMeta meta,
               List<String> dataIds) implements JournalEntry {
        public Put {
            dataIds = List.copyOf(dataIds);
        }
    }

    /** The key holds nothing. */
    record Delete(String bucket, String key) implements JournalEntry {
    }

    /** A multipart upload starts. */
    record UploadStart(String uploadId, String bucket, String key, long at, ObjectMeta meta) implements JournalEntry {
    }

    /** Part {@code number} of an upload, replacing an earlier one of that number. */
    record Part(String uploadId, int number, long size, String etag, long at, String dataId) implements JournalEntry {
    }

    /** An upload ends (aborted, or completed by the {@link Put} before it); its parts are dropped. */
    record Abort(String uploadId) implements JournalEntry {
    }

    /** Chunk {@code index} of a stream now lives at {@code loc} (compaction). */
    record Move(String dataId, int index, ChunkLoc loc) implements JournalEntry {
    }
}
