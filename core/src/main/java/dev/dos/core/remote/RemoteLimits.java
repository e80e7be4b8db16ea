package dev.dos.core.remote;

/**
 * What one post may carry.
 *
 * @param maxBlobBytes    largest single blob in bytes (Discord: the guild's upload limit)
 * @param maxBlobsPerPost most blobs in one post (Discord: 10 attachments per message)
 * @param maxTextChars    longest post text (Discord: 2000 characters)
 */
public record RemoteLimits(long maxBlobBytes, int maxBlobsPerPost, int maxTextChars) {
    public RemoteLimits {
        if (maxBlobBytes <= 0 || maxBlobsPerPost <= 0 || maxTextChars <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }
}
