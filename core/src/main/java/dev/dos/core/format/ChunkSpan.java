package dev.dos.core.format;

/** The chunks, {@code first} to {@code last} inclusive, that hold an entry. */
public record ChunkSpan(int first, int last) {
    public ChunkSpan {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("bad chunk span " + first + ".." + last);
        }
    }

    public boolean contains(int chunkIndex) {
        return chunkIndex >= first && chunkIndex <= last;
    }
}
