package dev.dos.core.backup;

import dev.dos.core.config.OwnerOnly;
import dev.dos.core.crypto.KeyFingerprint;
import dev.dos.core.format.BatchId;
import dev.dos.core.format.ChunkSink;
import dev.dos.core.format.EncodedChunk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Writes a backup file as its chunks are sealed: into an owner-only temporary file beside the
 * target, whose chunk count is filled in at the end, then flushed and renamed into place. A
 * reader therefore never sees a half-written backup under the final name.
 */
final class BackupFileWriter implements ChunkSink, AutoCloseable {
    private final Path target;
    private final Path temp;
    private final FileChannel out;
    private final BatchId backupId;
    private final KeyFingerprint keyFingerprint;
    private final Instant createdAt;
    private int chunkCount;
    private long storedBytes;
    private boolean committed;

    private BackupFileWriter(Path target, Path temp, FileChannel out, BatchId backupId,
                             KeyFingerprint keyFingerprint, Instant createdAt) {
        this.target = target;
        this.temp = temp;
        this.out = out;
        this.backupId = backupId;
        this.keyFingerprint = keyFingerprint;
        this.createdAt = createdAt;
    }

    /** Starts a backup file that {@link #commit} will place at {@code target} (which must not exist). */
    static BackupFileWriter create(Path target, BatchId backupId, KeyFingerprint keyFingerprint, Instant createdAt)
            throws IOException {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString(), null, "a backup of that name exists");
        }
        Path temp = OwnerOnly.createTempFileBeside(target);
        FileChannel out = FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE);
        BackupFileWriter writer = new BackupFileWriter(target, temp, out, backupId, keyFingerprint, createdAt);
        try {
            writer.writeFully(writer.header(0), 0);
        } catch (IOException e) {
            writer.close();
            throw e;
        }
        return writer;
    }

    @Override
    public void accept(EncodedChunk chunk) throws IOException {
        if (chunk.index() != chunkCount) {
            throw new IllegalStateException("chunk " + chunk.index() + " arrived where " + chunkCount + " was due");
        }
        ByteBuffer length = ByteBuffer.allocate(4).putInt(chunk.size()).flip();
        writeFully(length, out.size());
        writeFully(ByteBuffer.wrap(chunk.bytes()), out.size());
        chunkCount++;
        storedBytes += chunk.size();
    }

    /** Fills in the chunk count, flushes, and renames the file into place. */
    BackupHeader commit() throws IOException {
        BackupHeader header = new BackupHeader(backupId, keyFingerprint, createdAt, chunkCount);
        writeFully(header(chunkCount), 0);
        out.force(true);
        out.close();
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString(), null, "a backup of that name appeared meanwhile");
        }
        Files.move(temp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        committed = true;
        return header;
    }

    long storedBytes() {
        return storedBytes;
    }

    private ByteBuffer header(int count) {
        ByteBuffer header = ByteBuffer.allocate(BackupFile.HEADER_BYTES);
        header.put(BackupFile.MAGIC).put((byte) BackupFile.VERSION).put((byte) 0)
                .put(backupId.bytes()).put(keyFingerprint.bytes())
                .putLong(createdAt.toEpochMilli()).putInt(count);
        return header.flip();
    }

    private void writeFully(ByteBuffer bytes, long position) throws IOException {
        long at = position;
        while (bytes.hasRemaining()) {
            at += out.write(bytes, at);
        }
    }

    /** Without a commit, removes the temporary file: a failed backup leaves nothing behind. */
    @Override
    public void close() throws IOException {
        if (out.isOpen()) {
            out.close();
        }
        if (!committed) {
            Files.deleteIfExists(temp);
        }
    }
}
