package dev.dos.s3.engine;

/**
 * What one compaction did (docs/FORMAT.md section 16.9).
 *
 * @param postsRewritten sparse posts whose live chunks were moved
 * @param chunksMoved    chunks moved
 * @param postsDeleted   posts deleted
 * @param bytesFreed     bytes of the deleted posts
 */
public record CompactionResult(int postsRewritten, int chunksMoved, int postsDeleted, long bytesFreed) {
}
