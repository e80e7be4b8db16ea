package dev.dos.core.ops;

import dev.dos.core.crypto.StreamKey;
import dev.dos.core.format.BatchId;
import dev.dos.core.format.BatchManifest;
import dev.dos.core.format.ChunkSource;
import dev.dos.core.format.ManifestEntry;
import dev.dos.core.format.OpenedChunk;
import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.ChunkRecord;
import dev.dos.core.meta.SettingKeys;
import dev.dos.core.pack.BatchRestorer;
import dev.dos.core.pack.EntrySelection;
import dev.dos.core.pack.RestoreProblem;
import dev.dos.core.pack.RestoreResult;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.StorageRemote;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks that a batch is intact on the remote. Quick: downloads every chunk and compares its
 * size and SHA-256 with the index. Deep: also decrypts, decompresses and checks every file's
 * SHA-256 (nothing is written).
 */
public final class VerifyOperation {
    private final Repository repo;
    private final TransferOptions transfers;

    /** One chunk at a time ({@link TransferOptions#serial()}). */
    public VerifyOperation(Repository repo) {
        this(repo, TransferOptions.serial());
    }

    /** Downloads up to {@code transfers.transfers()} chunks at a time. */
    public VerifyOperation(Repository repo, TransferOptions transfers) {
        this.repo = repo;
        this.transfers = java.util.Objects.requireNonNull(transfers, "transfers");
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
     * @param cardProblem what is wrong with the batch card or the manifest it carries (the copy a
     *                   rebuild from Discord depends on), or null when it matches the local manifest
     * @param foreignPosts posts in the batch's containers that someone other than our bot made: never
     *                   read as chunks, reported so their owner can remove them; they damage nothing
     */
    public record Report(String batchId, boolean deep, int chunks, List<BadChunk> badChunks, List<String> badFiles,
                         String cardProblem, int foreignPosts) {
        public boolean ok() {
            return badChunks.isEmpty() && badFiles.isEmpty() && cardProblem == null;
        }
    }

    public Report verify(String idOrPrefix, boolean deep, ProgressListener listener) throws IOException {
        Catalog catalog = new Catalog(repo);
        BatchRecord batch = catalog.resolve(idOrPrefix);
        BatchManifest manifest = catalog.manifest(batch);
        List<ChunkRecord> chunks = catalog.chunks(batch);
        RemoteChunkSource source = new RemoteChunkSource(repo.remote(), BatchId.parse(batch.id()), chunks, listener);
        source.checkAccess(); // a refused token or permission fails here, not as a batch of damaged chunks
        listener.phaseStarted(deep ? "verify (deep)" : "verify", manifest.storedBytes());
        List<BadChunk> bad = new ArrayList<>();
        List<String> badFiles = new ArrayList<>();
        List<Integer> all = java.util.stream.IntStream.range(0, manifest.chunkCount()).boxed().toList();
        // A deep verify decodes (its tasks open the chunks), a shallow one checks the downloads' hashes only.
        try (ChunkPrefetcher prefetched = ChunkPrefetcher.start(repo.remote(), source, deep ? repo.key() : null, all,
                transfers.transfers())) {
            if (deep) {
                java.util.Set<Integer> read = new java.util.HashSet<>();
                RestoreResult result = new BatchRestorer(repo.key()).verify(manifest, new ChunkSource() {
                    @Override
                    public java.io.InputStream open(int index) throws IOException {
                        java.io.InputStream in = prefetched.open(index);
                        read.add(index);
                        return in;
                    }

                    @Override
                    public OpenedChunk openChunk(StreamKey key, int index) throws IOException {
                        OpenedChunk chunk = prefetched.openChunk(key, index);
                        read.add(index);
                        return chunk;
                    }
                }, EntrySelection.all(), RestoreOperation.warningsTo(listener));
                for (int i = 0; i < manifest.chunkCount(); i++) {
                    if (result.damagedChunks().contains(i)) {
                        bad.add(new BadChunk(i, "missing or damaged", filesIn(manifest, i)));
                    } else if (!read.contains(i)) {
                        // Decoding resumes at the next entry after a damaged chunk: the chunks it
                        // skipped (a run of several damaged ones, say) are checked one by one.
                        try {
                            prefetched.fetch(i);
                        } catch (IOException e) {
                            bad.add(new BadChunk(i, e.getMessage(), filesIn(manifest, i)));
                        }
                    }
                }
                for (RestoreProblem problem : result.problems()) {
                    if (problem.kind().isFailure()) {
                        badFiles.add(problem.path());
                    }
                }
            } else {
                for (int i = 0; i < manifest.chunkCount(); i++) {
                    try {
                        prefetched.fetch(i);
                    } catch (IOException e) {
                        bad.add(new BadChunk(i, e.getMessage(), filesIn(manifest, i)));
                    }
                }
            }
        } finally {
            listener.phaseEnded();
        }
        String cardProblem = checkCard(batch, manifest);
        int foreign = foreignPosts(batch, chunks);
        repo.metadata().putInstantSetting(SettingKeys.LAST_VERIFY_AT, repo.clock().instant());
        return new Report(batch.id(), deep, manifest.chunkCount(), bad, badFiles, cardProblem, foreign);
    }

    /** Posts someone else made in the batch's containers (its thread and lanes), read a page at a time. */
    private int foreignPosts(BatchRecord batch, List<ChunkRecord> chunks) throws IOException {
        java.util.Set<String> containers = new java.util.LinkedHashSet<>();
        if (batch.storageThreadId() != null) {
            containers.add(batch.storageThreadId());
        }
        chunks.stream().filter(c -> c.remote() != null).forEach(c -> containers.add(c.remote().containerId()));
        containers.addAll(repo.metadata().lanes(batch.id()));
        int[] foreign = {0};
        for (String container : containers) {
            try {
                dev.dos.core.remote.PostPages.forEach(repo.remote(), container, null, post -> {
                    if (!post.ours()) {
                        foreign[0]++;
                    }
                });
            } catch (dev.dos.core.remote.RemoteException.NotFound gone) {
                // a missing container shows as missing chunks already
            }
        }
        return foreign[0];
    }

    /**
     * Checks the remote copy of the manifest: the card must exist, name this batch, and carry a
     * manifest that decrypts to the same chunks as the local one. Without it, {@code sync --reset}
     * could not rebuild this batch.
     */
    private String checkCard(BatchRecord batch, BatchManifest local) {
        if (batch.indexMessageId() == null) {
            return "the batch card was never posted (interrupted upload? try 'dos resume')";
        }
        StorageRemote remote = repo.remote();
        try {
            Optional<Post> post = remote.getPost(remote.areaId(StorageRemote.Area.INDEX), batch.indexMessageId());
            if (post.isEmpty()) {
                return "the batch card " + batch.indexMessageId() + " is missing from the index channel";
            }
            if (!post.get().ours()) {
                return "the batch card " + batch.indexMessageId() + " was not posted by our bot";
            }
            Optional<BatchCard> card = BatchCard.parse(post.get().text());
            if (card.isEmpty() || !card.get().batchId().equals(batch.id())) {
                return "the batch card " + batch.indexMessageId() + " does not describe this batch";
            }
            BatchManifest remoteManifest = CardManifest.read(remote, post.get().blobs(), BatchId.parse(batch.id()),
                    repo.key()).manifest();
            if (!remoteManifest.chunks().equals(local.chunks()) || !remoteManifest.entries().equals(local.entries())) {
                return "the manifest on the batch card differs from the local one";
            }
            return null;
        } catch (IOException e) {
            return "the manifest on the batch card cannot be read: " + e.getMessage();
        }
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
