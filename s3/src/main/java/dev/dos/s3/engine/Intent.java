package dev.dos.s3.engine;

import dev.dos.core.format.EncodedChunk;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A change a caller asked for and waits on, until a commit post carries it (docs/FORMAT.md section
 * 16.5). The committer asks each intent of a group, in order, for its journal entries against the
 * state as the group's earlier intents left it; an intent S3 refuses throws its
 * {@link dev.dos.s3.store.S3Exception}, which is what its caller gets.
 *
 * @param <T> what the caller gets back
 */
abstract class Intent<T> {
    final CompletableFuture<T> done = new CompletableFuture<>();

    /** Chunks of a small body to carry in the commit post's pack. */
    List<EncodedChunk> packed() {
        return List.of();
    }

    /** About how many bytes of record this intent adds. */
    int estimate() {
        return 256;
    }

    /** Data posts this intent's body made, which become garbage if its commit fails. */
    List<IndexRows.LanePost> dataPosts() {
        return List.of();
    }

    /**
     * The entries to record, checked against the state on {@code c}; sets the result.
     *
     * @param packedLocs where this intent's {@link #packed()} chunks are in the commit post
     */
    abstract List<JournalEntry> resolve(Connection c, List<ChunkLoc> packedLocs) throws IOException, SQLException;

    /** What the caller gets, once {@link #resolve} succeeded. */
    abstract T result();

    /** Frees what the intent holds (a small body's bytes), whatever happened. */
    void release() {
    }
}
