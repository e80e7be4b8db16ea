package dev.dos.core.meta;

import dev.dos.core.format.EntryType;
import dev.dos.core.format.ManifestEntry;
import dev.dos.core.remote.BlobRef;
import java.time.Instant;

/** Test data builders. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private Fixtures() {
    }

    /** A batch id whose hex digits spell {@code n}, zero-padded: id(0xab) = "000...0ab". */
    static String id(long n) {
        return String.format("%032x", n);
    }

    static String sha(long n) {
        return String.format("%064x", n);
    }

    static BatchRecord batch(String id, String name, Instant createdAt, long originalBytes) {
        return new BatchRecord(id, name, BatchState.COMPLETE, createdAt, createdAt.plusSeconds(60), "zstd",
                originalBytes, originalBytes / 2, 3, 2, 1, "fp-1", "thread-" + id.substring(28), "card-" + id.substring(28));
    }

    static BatchRecord uploading(String id) {
        return BatchRecord.startUpload(id, "upload " + id.substring(28), T0, "zstd", 1, "fp-1");
    }

    static ChunkRecord planned(String batchId, int index, boolean last) {
        return ChunkRecord.planned(batchId, index, 1000 + index, sha(index), 900 + index, last);
    }

    static BlobRef ref(int index) {
        return new BlobRef("thread-1", "message-" + index, "attachment-" + index);
    }

    static ManifestEntry file(String path, int chunk, long offset) {
        return new ManifestEntry(path, EntryType.FILE, 10, 0644, 1_700_000_000_000L, sha(path.hashCode() & 0xffff),
                null, chunk, offset);
    }

    static ManifestEntry dir(String path) {
        return new ManifestEntry(path, EntryType.DIR, 0, 0755, 1_700_000_000_000L, null, null, 0, 0);
    }

}
