package dev.dos.s3.engine;

import dev.dos.core.format.EncodedChunk;
import java.util.ArrayList;
import java.util.List;

/**
 * Lays out the chunks of small bodies in the pack blobs of one commit post (docs/FORMAT.md section
 * 16.2): whole chunks, one after the other, a new pack when the next chunk would pass the blob
 * target. Bodies are added while the post can still take them.
 */
final class PackBuilder {
    private final long maxBlobBytes;
    private final int maxBlobs;
    private final long maxTotalBytes;
    private final List<List<EncodedChunk>> bodies = new ArrayList<>();
    private int blobs;
    private long current;
    private long total;

    /**
     * @param maxBlobBytes  largest pack blob
     * @param maxBlobs      most pack blobs in the post
     * @param maxTotalBytes most pack bytes in the post
     */
    PackBuilder(long maxBlobBytes, int maxBlobs, long maxTotalBytes) {
        this.maxBlobBytes = maxBlobBytes;
        this.maxBlobs = maxBlobs;
        this.maxTotalBytes = maxTotalBytes;
    }

    /** Adds a body's chunks if the post can still take them; false (and nothing added) if not. */
    boolean tryAdd(List<EncodedChunk> chunks) {
        int b = blobs;
        long cur = current;
        long tot = total;
        for (EncodedChunk chunk : chunks) {
            if (b == 0 || cur + chunk.size() > maxBlobBytes) {
                b++;
                cur = 0;
            }
            cur += chunk.size();
            tot += chunk.size();
        }
        if (!chunks.isEmpty() && (b > maxBlobs || tot > maxTotalBytes)) {
            return false;
        }
        blobs = b;
        current = cur;
        total = tot;
        bodies.add(List.copyOf(chunks));
        return true;
    }

    long totalBytes() {
        return total;
    }

    /** The packs and, per body in the order added, where its chunks are. */
    record Layout(List<byte[]> blobs, List<List<ChunkLoc>> locations) {
    }

    Layout build() {
        List<List<EncodedChunk>> blobChunks = new ArrayList<>();
        List<List<ChunkLoc>> locations = new ArrayList<>();
        long cur = 0;
        for (List<EncodedChunk> body : bodies) {
            List<ChunkLoc> locs = new ArrayList<>(body.size());
            for (EncodedChunk chunk : body) {
                if (blobChunks.isEmpty() || cur + chunk.size() > maxBlobBytes) {
                    blobChunks.add(new ArrayList<>());
                    cur = 0;
                }
                locs.add(ChunkLoc.inThisPost(chunk.rawBytes(), chunk.size(), blobChunks.size() - 1, cur));
                blobChunks.getLast().add(chunk);
                cur += chunk.size();
            }
            locations.add(locs);
        }
        List<byte[]> out = new ArrayList<>(blobChunks.size());
        for (List<EncodedChunk> chunks : blobChunks) {
            byte[] blob = new byte[chunks.stream().mapToInt(EncodedChunk::size).sum()];
            int at = 0;
            for (EncodedChunk chunk : chunks) {
                System.arraycopy(chunk.bytes(), 0, blob, at, chunk.size());
                at += chunk.size();
            }
            out.add(blob);
        }
        return new Layout(out, locations);
    }
}
