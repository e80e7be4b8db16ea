package dev.dos.core.ops;

import dev.dos.core.format.BatchId;
import dev.dos.core.format.BatchManifest;
import dev.dos.core.meta.BatchRecord;
import dev.dos.core.pack.BatchRestorer;
import dev.dos.core.pack.EntrySelection;
import dev.dos.core.pack.RestoreListener;
import dev.dos.core.pack.RestoreOptions;
import dev.dos.core.pack.RestoreProblem;
import dev.dos.core.pack.RestoreResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Restores a batch, or some of its files, to a local directory. Only the chunks holding the
 * selected entries are downloaded; each is checked against the index before it is decrypted.
 */
public final class RestoreOperation {
    private final Repository repo;
    private final TransferOptions transfers;

    /** One chunk at a time ({@link TransferOptions#serial()}). */
    public RestoreOperation(Repository repo) {
        this(repo, TransferOptions.serial());
    }

    /** Downloads up to {@code transfers.transfers()} chunks at a time, writing files in order. */
    public RestoreOperation(Repository repo, TransferOptions transfers) {
        this.repo = repo;
        this.transfers = java.util.Objects.requireNonNull(transfers, "transfers");
    }

    /**
     * What a restore did.
     *
     * @param batchId       the batch
     * @param result        entries restored and problems met
     * @param chunksFetched chunks downloaded
     * @param chunksTotal   chunks the batch has
     */
    public record Report(String batchId, RestoreResult result, int chunksFetched, int chunksTotal) {
    }

    /** Restores {@code paths} (empty: everything) of batch {@code idOrPrefix} under {@code destination}. */
    public Report restore(String idOrPrefix, Path destination, List<String> paths, boolean overwrite,
                          ProgressListener listener) throws IOException {
        Catalog catalog = new Catalog(repo);
        BatchRecord batch = catalog.resolve(idOrPrefix);
        BatchManifest manifest = catalog.manifest(batch);
        EntrySelection selection = paths.isEmpty() ? EntrySelection.all() : EntrySelection.of(paths);
        if (!selection.isAll() && manifest.entries().stream().noneMatch(e -> selection.includes(e.path()))) {
            throw new BatchNotFoundException("batch " + batch.id() + " has no entry " + String.join(", ", paths)
                    + " (see 'dos info " + batch.id().substring(0, 8) + "')");
        }
        List<Integer> needed = List.copyOf(BatchRestorer.chunksNeeded(manifest, selection));
        long total = needed.stream().mapToLong(i -> manifest.chunks().get(i).storedBytes()).sum();
        RemoteChunkSource source = new RemoteChunkSource(repo.remote(), BatchId.parse(batch.id()),
                catalog.chunks(batch), listener);
        source.checkAccess(); // a refused token or permission fails here, before anything is written
        listener.phaseStarted("download", total);
        RestoreResult result;
        try (ChunkPrefetcher prefetched = ChunkPrefetcher.start(repo.remote(), source, repo.key(), needed,
                transfers.transfers())) {
            result = new BatchRestorer(repo.key()).restore(manifest, prefetched, selection, destination,
                    RestoreOptions.defaults().withOverwrite(overwrite).withListener(warningsTo(listener)));
        } finally {
            listener.phaseEnded();
        }
        return new Report(batch.id(), result, source.fetchedCount(), manifest.chunkCount());
    }

    static RestoreListener warningsTo(ProgressListener listener) {
        return new RestoreListener() {
            @Override
            public void problem(RestoreProblem problem) {
                listener.warning(problem.toString());
            }
        };
    }
}
