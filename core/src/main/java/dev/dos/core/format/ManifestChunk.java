package dev.dos.core.format;

import java.util.Objects;

/**
 * What a manifest records about one chunk.
 *
 * @param index       position, from 0
 * @param storedBytes encoded (blob) size
 * @param rawBytes    decoded segment size
 * @param sha256      lowercase hex SHA-256 of the encoded bytes
 */
public record ManifestChunk(int index, long storedBytes, long rawBytes, String sha256) {
    public ManifestChunk {
        Objects.requireNonNull(sha256, "sha256");
        if (index < 0 || storedBytes < 0 || rawBytes < 0) {
            throw new IllegalArgumentException("negative chunk index or size");
        }
    }
}
