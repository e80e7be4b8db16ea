package dev.dos.core.format;

import java.util.Objects;

/**
 * One entry of a batch's manifest.
 *
 * @param path        relative path inside the batch, '/'-separated, never absolute, never containing '..'
 * @param type        file, directory or symlink
 * @param size        content bytes (0 for directories and symlinks)
 * @param mode        POSIX permission bits (e.g. 0644)
 * @param mtimeMillis modification time, milliseconds since the epoch
 * @param sha256      lowercase hex SHA-256 of the content for files; null otherwise
 * @param linkTarget  symlink target as stored; null otherwise
 * @param chunkIndex  index of the chunk holding the first byte of this entry's tar header
 * @param offset      byte offset of that tar header inside the chunk's decoded (decrypted and
 *                    decompressed) plaintext
 */
public record ManifestEntry(String path, EntryType type, long size, int mode, long mtimeMillis,
                            String sha256, String linkTarget, int chunkIndex, long offset) {
    public ManifestEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        if (size < 0 || chunkIndex < 0 || offset < 0) {
            throw new IllegalArgumentException("negative size, chunk index or offset for " + path);
        }
    }
}
