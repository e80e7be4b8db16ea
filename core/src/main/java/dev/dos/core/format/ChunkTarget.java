package dev.dos.core.format;

/**
 * The largest encoded chunk a writer may produce, header and tag included. Chunks never exceed it
 * and full chunks come within about 1 KiB of it.
 */
public record ChunkTarget(int bytes) {
    /** Headroom left under a blob limit for the rest of an upload request. */
    public static final int HEADROOM_BYTES = 64 * 1024;
    /** Discord's upload limit for an unboosted server. */
    public static final long DISCORD_DEFAULT_LIMIT = 10L * 1024 * 1024;
    public static final ChunkTarget DEFAULT = forBlobLimit(DISCORD_DEFAULT_LIMIT);

    public ChunkTarget {
        if (bytes < ChunkFormat.MIN_CHUNK_BYTES || bytes > ChunkFormat.MAX_CHUNK_BYTES) {
            throw new IllegalArgumentException("chunk target must be " + ChunkFormat.MIN_CHUNK_BYTES + ".."
                    + ChunkFormat.MAX_CHUNK_BYTES + " bytes: " + bytes);
        }
    }

    /**
     * The target for a remote's largest blob ({@code RemoteLimits.maxBlobBytes()}): the limit less
     * {@value #HEADROOM_BYTES} bytes, capped at the format's maximum.
     */
    public static ChunkTarget forBlobLimit(long maxBlobBytes) {
        long target = Math.min(maxBlobBytes - HEADROOM_BYTES, ChunkFormat.MAX_CHUNK_BYTES);
        if (target < ChunkFormat.MIN_CHUNK_BYTES) {
            throw new IllegalArgumentException("blob limit " + maxBlobBytes + " leaves no room for a chunk");
        }
        return new ChunkTarget((int) target);
    }

    /** Payload bytes a chunk of this size can carry. */
    public int payloadBudget() {
        return bytes - ChunkFormat.OVERHEAD_BYTES;
    }
}
