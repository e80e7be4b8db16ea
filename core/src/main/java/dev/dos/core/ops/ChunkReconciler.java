package dev.dos.core.ops;

import dev.dos.core.crypto.Sha256;
import dev.dos.core.format.BatchId;
import dev.dos.core.format.ChunkSink;
import dev.dos.core.format.EncodedChunk;
import dev.dos.core.meta.ChunkRecord;
import dev.dos.core.meta.ChunkState;
import dev.dos.core.meta.MetadataStore;
import dev.dos.core.remote.Blob;
import dev.dos.core.remote.StorageRemote;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * Decides, for each chunk packing produces, whether it still has to be sent. Chunks are packed
 * again deterministically (synthetic nonces), so an unchanged source gives byte-identical chunks:
 * <ul>
 *   <li>the journal has it POSTED, with the same SHA-256, and the container lists that blob: skip;</li>
 *   <li>the container holds a blob of that name, size and SHA-256 that the journal does not know
 *       (posted, but the answer was lost): adopt it, no duplicate is posted;</li>
 *   <li>otherwise: hand it to the {@link ChunkPoster}.</li>
 * </ul>
 * A chunk whose SHA-256 differs from the journal's record of the same index means the source
 * changed: packing stops with {@link SourceChangedException} before anything of the new version
 * is posted next to the old. For a new upload the journal and container are empty: every chunk
 * is posted, by this same path.
 */
final class ChunkReconciler implements ChunkSink {
    private final BatchId batch;
    private final Map<Integer, ChunkRecord> journal;
    private final ThreadContents contents;
    private final ChunkPoster poster;
    private final StorageRemote remote;
    private final MetadataStore metadata;
    private final ProgressListener listener;
    private int skipped;
    private int adopted;
    private int posted;

    ChunkReconciler(BatchId batch, Map<Integer, ChunkRecord> journal, ThreadContents contents, ChunkPoster poster,
                    StorageRemote remote, MetadataStore metadata, ProgressListener listener) {
        this.listener = listener;
        this.batch = batch;
        this.journal = journal;
        this.contents = contents;
        this.poster = poster;
        this.remote = remote;
        this.metadata = metadata;
    }

    @Override
    public void accept(EncodedChunk chunk) throws IOException {
        ChunkRecord known = journal.get(chunk.index());
        if (known != null && !known.sha256().equals(chunk.sha256())) {
            throw new SourceChangedException(batch.hex(), List.of("chunk " + chunk.index()
                    + " packs differently than before, so some file's content changed"));
        }
        if (known != null && known.state() == ChunkState.POSTED && contents.holds(known.remote())) {
            skipped++;
            listener.advanced(chunk.rawBytes());
            return;
        }
        // A chunk a sync recorded from the card (REMOTE) has the manifest's SHA-256, which this chunk
        // matches: the blob of its name and size is it, as a rebuild would match it (FORMAT.md 17.5).
        boolean located = known != null && known.state() == ChunkState.REMOTE;
        for (Blob blob : contents.named(batch, chunk.index())) {
            if (blob.size() == chunk.size() && (located || sha256Of(blob).equals(chunk.sha256()))) {
                metadata.putChunks(List.of(new ChunkRecord(batch.hex(), chunk.index(), chunk.size(), chunk.sha256(),
                        chunk.plaintextBytes(), ChunkState.POSTED, blob.ref(), chunk.last())));
                adopted++;
                listener.advanced(chunk.rawBytes());
                return;
            }
        }
        poster.accept(chunk);
        posted++;
    }

    /** A journaled chunk past the end of what was packed now would also mean the source changed. */
    void checkNothingBeyond(int chunkCount) {
        journal.keySet().stream().filter(i -> i >= chunkCount).findFirst().ifPresent(i -> {
            throw new SourceChangedException(batch.hex(), List.of("the batch now packs into " + chunkCount
                    + " chunks, but chunk " + i + " was journaled before"));
        });
    }

    // The journal must only point at bytes known to be right: verify would notice a wrong blob,
    // but only after the chance to post the right one has passed.
    private String sha256Of(Blob blob) throws IOException {
        try (InputStream in = remote.openBlob(blob.ref())) {
            return Sha256.hex(in.readNBytes(Math.toIntExact(blob.size() + 1)));
        }
    }

    int skipped() {
        return skipped;
    }

    int adopted() {
        return adopted;
    }

    int posted() {
        return posted;
    }
}
