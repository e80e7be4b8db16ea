package dev.dos.core.backup;

import dev.dos.core.format.ChunkSource;
import dev.dos.core.remote.BlobRef;
import dev.dos.core.remote.StorageRemote;
import java.util.List;
import java.util.Objects;

/**
 * A complete backup found in the remote's backup area: every chunk is accounted for.
 *
 * @param header      the backup's facts, as its cards state them
 * @param storedBytes bytes of all its chunks
 * @param chunks      where each chunk is stored, by index
 */
public record RemoteBackup(BackupHeader header, long storedBytes, List<BlobRef> chunks) {
    public RemoteBackup {
        Objects.requireNonNull(header, "header");
        chunks = List.copyOf(chunks);
        if (chunks.size() != header.chunkCount()) {
            throw new IllegalArgumentException("backup " + header.backupId() + " lists " + chunks.size()
                    + " chunks, its card says " + header.chunkCount());
        }
    }

    /** Downloads chunks on demand, for {@link dev.dos.core.format.SealedStreams#reader}. */
    ChunkSource source(StorageRemote remote) {
        return index -> remote.openBlob(chunks.get(index));
    }
}
