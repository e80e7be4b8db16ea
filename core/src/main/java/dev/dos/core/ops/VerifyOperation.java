package dev.dos.core.ops;

import dev.dos.core.format.BatchId;
import dev.dos.core.format.BatchManifest;
import dev.dos.core.format.ManifestEntry;
import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.ChunkRecord;
import dev.dos.core.meta.SettingKeys;
import dev.dos.core.pack.BatchRestorer;
import dev.dos.core.pack.EntrySelection;
import dev.dos.core.pack.RestoreProblem;
import dev.dos.core.pack.RestoreResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that a batch is intact on the remote. Quick: downloads every chunk and compares its
 * size and SHA-256 with the index. Deep: also decrypts, decompresses and checks every file's
 * SHA-256 (nothing is written).
 */
public final class VerifyOperation {
    private final Repository repo;

    public VerifyOperation(Repository repo) {
        this.repo = repo;
    }

    /** One damaged chunk and the files it holds. */
    public record BadChunk(int index, String reason, List<String> affectedPaths) {
    }

    /**
     * The outcome for one batch.
     *
     * @param batchId    the batch
     * @param deep       whether files were decoded and checked too
     * @param chunks     chunks checked
     * @param badChunks  chunks missing or damaged, with the files they hold
     * @param badFiles   files whose content failed (deep only)
     */
    public record Report(String batchId, boolean deep, int chunks, List<BadChunk> badChunks, List<String> badFiles) {
        public boolean ok() {
            return badChunks.isEmpty() && badFiles.isEmpty();
        }
    }

    public Report verify(String idOrPrefix, boolean deep, ProgressListener listener) throws IOException {
        Catalog catalog = new Catalog(repo);
        BatchRecord batch = catalog.resolve(idOrPrefix);
        BatchManifest manifest = catalog.manifest(batch);
        List<ChunkRecord> chunks = repo.metadata().chunks(batch.id());
        RemoteChunkSource source = new RemoteChunkSource(repo.remote(), BatchId.parse(batch.id()), chunks, listener);
        listener.phaseStarted(deep ? "verify (deep)" : "verify", manifest.storedBytes());
        List<BadChunk> bad = new ArrayList<>();
        List<String> badFiles = new ArrayList<>();
        try {
            if (deep) {
                RestoreResult result = new BatchRestorer(repo.key()).verify(manifest, source, EntrySelection.all(),
                        RestoreOperation.warningsTo(listener));
                for (int index : result.damagedChunks()) {
                    bad.add(new BadChunk(index, "missing or damaged", filesIn(manifest, index)));
                }
                for (RestoreProblem problem : result.problems()) {
                    if (problem.kind().isFailure()) {
                        badFiles.add(problem.path());
                    }
                }
            } else {
                for (int i = 0; i < manifest.chunkCount(); i++) {
                    try {
                        source.fetch(i);
                    } catch (IOException e) {
                        bad.add(new BadChunk(i, e.getMessage(), filesIn(manifest, i)));
                    }
                }
            }
        } finally {
            listener.phaseEnded();
        }
        repo.metadata().putInstantSetting(SettingKeys.LAST_VERIFY_AT, repo.clock().instant());
        return new Report(batch.id(), deep, manifest.chunkCount(), bad, badFiles);
    }

    /** Entries whose chunk span includes chunk {@code index}. */
    static List<String> filesIn(BatchManifest manifest, int index) {
        List<String> paths = new ArrayList<>();
        List<ManifestEntry> entries = manifest.entries();
        for (int i = 0; i < entries.size(); i++) {
            var span = manifest.spanOf(i);
            if (span.contains(index)) {
                paths.add(entries.get(i).path());
            }
        }
        return paths;
    }
}
