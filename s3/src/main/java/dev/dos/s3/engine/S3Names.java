package dev.dos.s3.engine;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The clear names of a store's lanes and blobs (docs/FORMAT.md section 16.3): random ids, chunk
 * indexes and record numbers only, never a bucket or a key.
 */
final class S3Names {
    /** The start of a commit post's text. */
    static final String COMMIT_PREFIX = "dos-s3j v1 seq=";
    private static final Pattern CHECKPOINT_CHUNK = Pattern.compile("([0-9a-f]{32})-([0-9]{6,10})\\.s3k");

    private S3Names() {
    }

    static String lane(String storeId, int lane) {
        return "dos-s3-" + storeId + "-" + lane;
    }

    static String dataChunk(String dataId, int index) {
        return String.format("%s-%06d.s3c", dataId, index);
    }

    static String pack(String storeId, long seq, int k) {
        return String.format("%s-%d-%02d.s3p", storeId, seq, k);
    }

    static String record(String storeId, long seq) {
        return storeId + "-" + seq + ".s3j";
    }

    static String checkpointChunk(String checkpointId, int index) {
        return String.format("%s-%06d.s3k", checkpointId, index);
    }

    /** The chunk index a blob of this name holds for checkpoint {@code checkpointId}. */
    static OptionalInt checkpointIndex(String checkpointId, String blobName) {
        Matcher m = CHECKPOINT_CHUNK.matcher(blobName);
        if (!m.matches() || !m.group(1).equals(checkpointId)) {
            return OptionalInt.empty();
        }
        long n = Long.parseLong(m.group(2));
        return n > Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of((int) n);
    }
}
