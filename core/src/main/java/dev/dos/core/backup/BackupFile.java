package dev.dos.core.backup;

import dev.dos.core.crypto.KeyFingerprint;
import dev.dos.core.format.BatchId;
import dev.dos.core.format.ChunkFormat;
import dev.dos.core.format.ChunkSource;
import dev.dos.core.format.IntegrityException;
import dev.dos.core.format.IntegrityException.Reason;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;

/**
 * A local backup file, opened for reading (docs/FORMAT.md section 8): a clear header, then each
 * sealed chunk prefixed with its length. Opening checks the structure only (magic, version, that
 * the records exactly fill the file); the chunks are authenticated when they are decrypted.
 */
public final class BackupFile {
    static final byte[] MAGIC = "DOSB".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    /** magic, version, flags, backup id, key fingerprint, created (ms), chunk count. */
    static final int HEADER_BYTES = 4 + 1 + 1 + BatchId.BYTES + KeyFingerprint.BYTES + 8 + 4;
    static final int CHUNK_COUNT_OFFSET = HEADER_BYTES - 4;

    private final Path path;
    private final BackupHeader header;
    private final long[] offsets;
    private final int[] lengths;

    private BackupFile(Path path, BackupHeader header, long[] offsets, int[] lengths) {
        this.path = path;
        this.header = header;
        this.offsets = offsets;
        this.lengths = lengths;
    }

    /**
     * Reads the header and locates every chunk.
     *
     * @throws IntegrityException if the file is not a dos backup, has an unknown version, or its
     *                            records do not exactly fill it (truncated or padded)
     */
    public static BackupFile open(Path file) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            ByteBuffer head = ByteBuffer.allocate(HEADER_BYTES);
            if (size < HEADER_BYTES || !readFully(in, head, 0)) {
                throw corrupt(Reason.TRUNCATED, file + " is too short for a dos backup file");
            }
            head.flip();
            byte[] magic = new byte[MAGIC.length];
            head.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw corrupt(Reason.BAD_MAGIC, file + " is not a dos backup file");
            }
            int version = head.get() & 0xff;
            if (version != VERSION) {
                throw corrupt(Reason.UNKNOWN_VERSION, file + " is a version " + version
                        + " backup file; this dos reads version " + VERSION);
            }
            if (head.get() != 0) {
                throw corrupt(Reason.BAD_HEADER, file + " has unknown flags set");
            }
            byte[] id = new byte[BatchId.BYTES];
            head.get(id);
            byte[] fingerprint = new byte[KeyFingerprint.BYTES];
            head.get(fingerprint);
            long createdMillis = head.getLong();
            int count = head.getInt();
            BatchId backupId = BatchId.fromBytes(id);
            // Bounded by what the file can hold before anything is allocated for it.
            if (count < 1 || count > (size - HEADER_BYTES) / (4 + ChunkFormat.OVERHEAD_BYTES)) {
                throw corrupt(Reason.BAD_HEADER, file + " declares " + Integer.toUnsignedString(count)
                        + " chunks, which its size cannot hold");
            }
            BackupHeader header = new BackupHeader(backupId, KeyFingerprint.of(fingerprint),
                    Instant.ofEpochMilli(createdMillis), count);
            long[] offsets = new long[count];
            int[] lengths = new int[count];
            long position = HEADER_BYTES;
            ByteBuffer length = ByteBuffer.allocate(4);
            for (int i = 0; i < count; i++) {
                length.clear();
                if (!readFully(in, length, position)) {
                    throw corrupt(Reason.TRUNCATED, file + " ends before chunk " + i + " of " + count);
                }
                int n = length.flip().getInt();
                if (n < ChunkFormat.OVERHEAD_BYTES || n > ChunkFormat.MAX_CHUNK_BYTES || position + 4 + n > size) {
                    throw corrupt(Reason.TRUNCATED, file + ": chunk " + i + " of " + count
                            + " is cut off or has an impossible length");
                }
                offsets[i] = position + 4;
                lengths[i] = n;
                position += 4L + n;
            }
            if (position != size) {
                throw corrupt(Reason.BAD_HEADER, file + " has " + (size - position)
                        + " bytes after its last chunk");
            }
            return new BackupFile(file, header, offsets, lengths);
        }
    }

    public Path path() {
        return path;
    }

    public BackupHeader header() {
        return header;
    }

    /** Bytes of all sealed chunks together. */
    public long storedBytes() {
        return Arrays.stream(lengths).asLongStream().sum();
    }

    /** Size in bytes of sealed chunk {@code index}. */
    public int chunkSize(int index) {
        return lengths[index];
    }

    /** The sealed bytes of chunk {@code index}, as they would be posted. */
    public byte[] chunk(int index) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(lengths[index]);
        try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ)) {
            if (!readFully(in, bytes, offsets[index])) {
                throw new EOFException(path + " shrank while it was read");
            }
        }
        return bytes.array();
    }

    /** The chunks for {@link dev.dos.core.format.SealedStreams#reader}. */
    public ChunkSource source() {
        return index -> {
            if (index < 0 || index >= lengths.length) {
                throw new IOException("backup " + header.backupId() + " has no chunk " + index);
            }
            return new ByteArrayInputStream(chunk(index));
        };
    }

    private static boolean readFully(FileChannel in, ByteBuffer into, long position) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int n = in.read(into, at);
            if (n < 0) {
                return false;
            }
            at += n;
        }
        return true;
    }

    // No batch id in the exception: its message would call the backup a batch.
    private static IntegrityException corrupt(Reason reason, String detail) {
        return new IntegrityException(null, -2, reason, detail);
    }
}
