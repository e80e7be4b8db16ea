package dev.dos.core.ops;

import dev.dos.core.compress.Compression;
import dev.dos.core.format.BatchLabels;
import dev.dos.core.pack.UnreadablePolicy;
import java.util.Objects;

/**
 * How to upload.
 *
 * @param compression    codec and level
 * @param chunkBytes     chunk size target in bytes, or 0 to derive it from the remote's blob limit
 * @param followSymlinks store what symlinks point to instead of the links
 * @param onUnreadable   skip-and-report or abort when a file cannot be read
 * @param label          the user's name for the batch, or null (then its root names); kept encrypted in its
 *                       manifest, never in clear; one line without control characters ({@link BatchLabels})
 */
public record UploadOptions(Compression compression, long chunkBytes, boolean followSymlinks,
                            UnreadablePolicy onUnreadable, String label) {
    public UploadOptions {
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(onUnreadable, "onUnreadable");
        BatchLabels.check(label);
        if (chunkBytes < 0) {
            throw new IllegalArgumentException("chunk size must not be negative");
        }
    }

    public static UploadOptions defaults() {
        return new UploadOptions(Compression.DEFAULT, 0, false, UnreadablePolicy.SKIP_AND_REPORT, null);
    }
}
