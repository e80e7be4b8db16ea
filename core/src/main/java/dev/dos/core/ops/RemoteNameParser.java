package dev.dos.core.ops;

import dev.dos.core.format.BatchId;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads back the names {@link RemoteNames} gives, so a rebuild can tell from a listing alone which
 * batch a container belongs to and which chunk or manifest part a blob is.
 */
final class RemoteNameParser {
    private static final Pattern CONTAINER = Pattern.compile("dos-([0-9a-f]{32})");
    private static final Pattern LANE = Pattern.compile("dos-([0-9a-f]{32})-lane([1-9][0-9]{0,3})");
    private static final Pattern CHUNK = Pattern.compile("([0-9a-f]{32})-([0-9]{6,10})\\.dosc");
    private static final Pattern MANIFEST = Pattern.compile("([0-9a-f]{32})-manifest-([0-9]{2,4})\\.dosm");

    private RemoteNameParser() {
    }

    /** The batch whose chunks a container of this name holds; empty for any other container. */
    static Optional<BatchId> containerBatch(String containerName) {
        Matcher m = CONTAINER.matcher(containerName);
        return m.matches() ? Optional.of(new BatchId(m.group(1))) : Optional.empty();
    }

    /** The lane number (1 or more) of a container of this name if it is a lane of {@code batch}; else empty. */
    static OptionalInt laneNumber(BatchId batch, String containerName) {
        return numberOf(LANE.matcher(containerName), batch);
    }

    /** The chunk index a blob of this name holds for {@code batch}; empty if it is no chunk of it. */
    static OptionalInt chunkIndex(BatchId batch, String blobName) {
        return numberOf(CHUNK.matcher(blobName), batch);
    }

    /** The manifest part a blob of this name is for {@code batch}; empty if it is no manifest part of it. */
    static OptionalInt manifestPart(BatchId batch, String blobName) {
        return numberOf(MANIFEST.matcher(blobName), batch);
    }

    private static OptionalInt numberOf(Matcher m, BatchId batch) {
        if (!m.matches() || !m.group(1).equals(batch.hex())) {
            return OptionalInt.empty();
        }
        long n = Long.parseLong(m.group(2));
        return n > Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of((int) n);
    }
}
