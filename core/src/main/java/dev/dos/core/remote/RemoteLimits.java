package dev.dos.core.remote;

/**
 * What one post may carry.
 *
 * @param maxBlobBytes    largest single blob in bytes (Discord: the guild's upload limit)
 * @param maxBlobsPerPost most blobs in one post (Discord: 10 attachments per message)
 * @param maxTextChars    longest post text (Discord: 2000 characters)
 * @param maxPostBytes    largest whole post, all blobs together (Discord: the request size limit)
 */
public record RemoteLimits(long maxBlobBytes, int maxBlobsPerPost, int maxTextChars, long maxPostBytes) {
    public RemoteLimits {
        if (maxBlobBytes <= 0 || maxBlobsPerPost <= 0 || maxTextChars <= 0 || maxPostBytes <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** Limits with no cap on a post's total beyond {@code maxBlobBytes * maxBlobsPerPost}. */
    public RemoteLimits(long maxBlobBytes, int maxBlobsPerPost, int maxTextChars) {
        this(maxBlobBytes, maxBlobsPerPost, maxTextChars, Math.multiplyExact(maxBlobBytes, (long) maxBlobsPerPost));
    }

    /** How many blobs of up to {@code blobBytes} each fit in one post. */
    public int blobsPerPost(long blobBytes) {
        long byBytes = Math.max(1, maxPostBytes / Math.max(1, blobBytes));
        return (int) Math.min(maxBlobsPerPost, byBytes);
    }
}
