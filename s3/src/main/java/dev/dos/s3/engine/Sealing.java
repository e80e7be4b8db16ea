package dev.dos.s3.engine;

import dev.dos.core.compress.Compression;
import dev.dos.core.crypto.KeyPurpose;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.crypto.StreamKey;
import dev.dos.core.format.BatchId;
import dev.dos.core.format.ChunkFormat;
import dev.dos.core.format.ChunkHeader;
import dev.dos.core.format.ChunkReader;
import dev.dos.core.format.ChunkTarget;
import dev.dos.core.format.ChunkWriter;
import dev.dos.core.format.EncodedChunk;
import dev.dos.core.format.StreamPosition;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Seals bytes already in memory (a small body, a journal record) with the chunk format, with a
 * chunk target just above their size so that they become one chunk, and opens a sealed record.
 */
final class Sealing {
    private Sealing() {
    }

    /**
     * A target that holds {@code length} bytes in one chunk whatever their compressibility: the
     * length, its worst-case growth in flushed zstd blocks, and the chunk overhead, with room to
     * spare; at most {@code maxTarget}.
     */
    static ChunkTarget targetFor(long length, int maxTarget) {
        long wanted = length + length / 64 + 2048 + ChunkFormat.OVERHEAD_BYTES;
        return new ChunkTarget((int) Math.max(ChunkFormat.MIN_CHUNK_BYTES, Math.min(wanted, maxTarget)));
    }

    /** The chunks of {@code data[off, off + len)} as one stream (nearly always a single chunk). */
    static List<EncodedChunk> seal(StreamKey key, Compression compression, byte[] data, int off, int len,
                                   int maxTarget) throws IOException {
        List<EncodedChunk> chunks = new ArrayList<>(1);
        try (ChunkWriter writer = new ChunkWriter(key, compression, targetFor(len, maxTarget), chunks::add)) {
            writer.write(data, off, len);
        }
        return chunks;
    }

    /** A journal record (or any plaintext) sealed as exactly one chunk under a fresh record id. */
    static byte[] sealRecord(MasterKey key, byte[] plaintext, int maxTarget) throws IOException {
        StreamKey streamKey = key.streamKey(KeyPurpose.S3_JOURNAL, BatchId.random().bytes());
        List<EncodedChunk> chunks = seal(streamKey, Compression.DEFAULT, plaintext, 0, plaintext.length, maxTarget);
        if (chunks.size() != 1) {
            throw new IOException("a journal record of " + plaintext.length + " bytes does not fit one chunk");
        }
        return chunks.getFirst().bytes();
    }

    /** Authenticates and decrypts a sealed record; its id comes from its own header. */
    static byte[] openRecord(MasterKey key, byte[] chunk, int maxPlainBytes) throws IOException {
        BatchId recordId = ChunkHeader.parse(chunk).batchId();
        StreamKey streamKey = key.streamKey(KeyPurpose.S3_JOURNAL, recordId.bytes());
        try (InputStream in = new ChunkReader(streamKey, i -> new ByteArrayInputStream(chunk), StreamPosition.START,
                1)) {
            byte[] plain = in.readNBytes(maxPlainBytes + 1);
            if (plain.length > maxPlainBytes) {
                throw new IOException("a journal record decodes to more than " + maxPlainBytes + " bytes");
            }
            return plain;
        }
    }
}
