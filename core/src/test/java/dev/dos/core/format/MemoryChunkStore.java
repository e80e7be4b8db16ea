package dev.dos.core.format;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Chunks kept in memory: a sink while packing, a source while restoring, with hooks to damage,
 * drop or replace chunks and a log of what was read.
 */
public final class MemoryChunkStore implements ChunkSink, ChunkSource {
    private final Map<Integer, byte[]> chunks = new TreeMap<>();
    private final List<EncodedChunk> received = new ArrayList<>();
    private final List<Integer> opened = new ArrayList<>();

    @Override
    public synchronized void accept(EncodedChunk chunk) {
        if (chunk.index() != received.size()) {
            throw new AssertionError("chunk " + chunk.index() + " arrived after " + received.size() + " chunks");
        }
        received.add(chunk);
        chunks.put(chunk.index(), chunk.bytes().clone());
    }

    @Override
    public synchronized InputStream open(int index) throws IOException {
        opened.add(index);
        byte[] bytes = chunks.get(index);
        if (bytes == null) {
            throw new NoSuchFileException("chunk " + index);
        }
        return new ByteArrayInputStream(bytes);
    }

    public synchronized int size() {
        return chunks.size();
    }

    public synchronized byte[] get(int index) {
        return chunks.get(index).clone();
    }

    public synchronized void put(int index, byte[] bytes) {
        chunks.put(index, bytes.clone());
    }

    public synchronized void remove(int index) {
        chunks.remove(index);
    }

    public synchronized void change(int index, UnaryOperator<byte[]> change) {
        chunks.put(index, change.apply(chunks.get(index).clone()));
    }

    /** The chunks as the sink received them. */
    public synchronized List<EncodedChunk> received() {
        return List.copyOf(received);
    }

    /** Indexes opened as a source, in order. */
    public synchronized List<Integer> opened() {
        return List.copyOf(opened);
    }

    public synchronized void clearOpened() {
        opened.clear();
    }

    public synchronized long storedBytes() {
        return chunks.values().stream().mapToLong(b -> b.length).sum();
    }
}
