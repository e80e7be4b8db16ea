package dev.dos.core.pack;

import dev.dos.core.compress.Compression;
import dev.dos.core.crypto.KeyPurpose;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.format.BatchId;
import dev.dos.core.format.BatchManifest;
import dev.dos.core.format.ChunkTarget;
import dev.dos.core.format.ChunkWriter;
import dev.dos.core.format.EntryType;
import dev.dos.core.format.ManifestEntry;
import dev.dos.core.format.MemoryChunkStore;
import dev.dos.core.format.StreamPosition;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A batch written by hand with a valid key: any tar entries, any manifest entries. What an
 * attacker holding the key (or a buggy writer) could produce.
 */
final class CraftedBatch {
    final MasterKey key;
    final BatchId id = BatchId.random();
    final MemoryChunkStore store = new MemoryChunkStore();
    private final ChunkWriter chunks;
    private final TarArchiveOutputStream tar;
    private final List<ManifestEntry> entries = new ArrayList<>();

    CraftedBatch(MasterKey key) {
        this.key = key;
        this.chunks = new ChunkWriter(key.streamKey(KeyPurpose.BATCH, id.bytes()), Compression.DEFAULT,
                new ChunkTarget(2048), store);
        this.tar = new TarArchiveOutputStream(chunks, 512, "UTF-8");
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    /** A tar entry and the manifest entry claimed for it. */
    CraftedBatch add(TarArchiveEntry tarEntry, byte[] content, String manifestPath, EntryType manifestType,
                     String manifestLink) throws IOException {
        StreamPosition position = chunks.positionOfNextByte();
        tar.putArchiveEntry(tarEntry);
        tar.write(content);
        tar.closeArchiveEntry();
        entries.add(new ManifestEntry(manifestPath, manifestType, content.length, 0644, 1_600_000_000_000L,
                manifestType == EntryType.FILE ? Trees.sha256(content) : null, manifestLink, position.chunkIndex(),
                position.offset()));
        return this;
    }

    /**
     * Raw bytes straight into the tar stream (a hand-made header, say), claimed in the manifest as
     * {@code manifestEntry} placed where they start.
     */
    CraftedBatch raw(byte[] tarBytes, ManifestEntry manifestEntry) throws IOException {
        tar.flush();
        StreamPosition position = chunks.positionOfNextByte();
        chunks.write(tarBytes);
        entries.add(new ManifestEntry(manifestEntry.path(), manifestEntry.type(), manifestEntry.size(),
                manifestEntry.mode(), manifestEntry.mtimeMillis(), manifestEntry.sha256(), manifestEntry.linkTarget(),
                position.chunkIndex(), position.offset()));
        return this;
    }

    /** What writes raw tar bytes. */
    interface RawWriter {
        void write(java.io.OutputStream tarStream) throws IOException;
    }

    /** As {@link #raw(byte[], ManifestEntry)}, streamed: for tar data too big to hold in memory. */
    CraftedBatch raw(RawWriter writer, ManifestEntry manifestEntry) throws IOException {
        tar.flush();
        StreamPosition position = chunks.positionOfNextByte();
        writer.write(chunks);
        entries.add(new ManifestEntry(manifestEntry.path(), manifestEntry.type(), manifestEntry.size(),
                manifestEntry.mode(), manifestEntry.mtimeMillis(), manifestEntry.sha256(), manifestEntry.linkTarget(),
                position.chunkIndex(), position.offset()));
        return this;
    }

    /** A manifest entry that no tar entry backs (claimed at the current position). */
    CraftedBatch claim(ManifestEntry manifestEntry) throws IOException {
        return raw(new byte[0], manifestEntry);
    }

    CraftedBatch dir(String path) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(path + "/", org.apache.commons.compress.archivers.tar.TarConstants.LF_DIR);
        return add(entry, new byte[0], path, EntryType.DIR, null);
    }

    CraftedBatch file(String path, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(path);
        entry.setSize(content.length);
        return add(entry, content, path, EntryType.FILE, null);
    }

    CraftedBatch symlink(String path, String target) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(path, org.apache.commons.compress.archivers.tar.TarConstants.LF_SYMLINK);
        entry.setLinkName(target);
        return add(entry, new byte[0], path, EntryType.SYMLINK, target);
    }

    BatchManifest finish() throws IOException {
        tar.finish();
        chunks.close();
        return new BatchManifest(id, Instant.now(), Compression.DEFAULT, 2048, 0, chunks.bytesWritten(),
                chunks.chunks(), entries);
    }
}
