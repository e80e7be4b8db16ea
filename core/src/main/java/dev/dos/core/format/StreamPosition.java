package dev.dos.core.format;

/**
 * A byte of a chunked stream: chunk index and offset inside that chunk's decoded segment.
 */
public record StreamPosition(int chunkIndex, long offset) {
    public static final StreamPosition START = new StreamPosition(0, 0);

    public StreamPosition {
        if (chunkIndex < 0 || offset < 0) {
            throw new IllegalArgumentException("negative chunk index or offset");
        }
    }
}
