package dev.dos.core.ops;

import dev.dos.core.format.BatchId;
import dev.dos.core.format.BatchManifest;
import dev.dos.core.format.EntryType;
import dev.dos.core.format.ManifestEntry;
import dev.dos.core.meta.BatchRecord;
import dev.dos.core.pack.BatchStreamer;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Streams stored data to a caller's {@link OutputStream} instead of a directory: one file, or a
 * byte range of it, or a whole batch as its tar stream (the web dashboard's downloads). A range
 * downloads only the chunks that hold its bytes ({@link BatchStreamer}); every chunk is checked
 * against the index's size and SHA-256 and authenticated before any of its bytes is written, and
 * a whole file against its SHA-256 before its last bytes are. Damage surfaces as
 * {@link dev.dos.core.format.IntegrityException} after some bytes may have been written, so the
 * caller must abort its transfer rather than end it normally.
 *
 * <p>Batches are named by their exact id. Decoded manifests of recently used batches are kept (a
 * few, small ones), since a media player asks for many ranges of one file.
 */
public final class StreamOperation {
    private static final int CACHED_MANIFESTS = 4;
    private static final int MAX_CACHED_ENTRIES = 100_000;

    private final Repository repo;
    private final TransferOptions transfers;
    private final Map<String, Opened> cache = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Opened> eldest) {
            return size() > CACHED_MANIFESTS;
        }
    };

    public StreamOperation(Repository repo) {
        this(repo, TransferOptions.serial());
    }

    /** Downloads up to {@code transfers.transfers()} of the needed chunks at a time, writing in order. */
    public StreamOperation(Repository repo, TransferOptions transfers) {
        this.repo = Objects.requireNonNull(repo, "repo");
        this.transfers = Objects.requireNonNull(transfers, "transfers");
    }

    /**
     * One file of a batch.
     *
     * @param batch    the batch
     * @param manifest its manifest
     * @param index    the entry's index in the manifest
     * @param entry    the file's manifest entry
     */
    public record BatchFile(BatchRecord batch, BatchManifest manifest, int index, ManifestEntry entry) {
        public long size() {
            return entry.size();
        }

        /** Lowercase hex SHA-256 of the content. */
        public String sha256() {
            return entry.sha256();
        }

        /** The last segment of the entry path. */
        public String fileName() {
            String path = entry.path();
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    /**
     * A whole batch as a tar stream.
     *
     * @param batch    the batch
     * @param manifest its manifest
     */
    public record BatchArchive(BatchRecord batch, BatchManifest manifest) {
        /** The tar stream's exact length. */
        public long tarBytes() {
            return manifest.tarBytes();
        }
    }

    /**
     * What a transfer did.
     *
     * @param bytesWritten  bytes written to the stream
     * @param chunksFetched chunks downloaded
     * @param chunksTotal   chunks the batch has
     */
    public record Report(long bytesWritten, int chunksFetched, int chunksTotal) {
    }

    /**
     * The file {@code path} of batch {@code batchId} (exact id).
     *
     * @throws BatchNotFoundException if there is no such batch, it has no manifest (unfinished
     *         upload), or it has no entry {@code path} that is a regular file
     */
    public BatchFile file(String batchId, String path) throws IOException {
        Objects.requireNonNull(path, "path");
        Opened opened = open(batchId);
        Integer index = opened.index(path);
        if (index == null) {
            throw new BatchNotFoundException("batch " + opened.batch.id() + " has no entry \"" + path + "\"");
        }
        ManifestEntry entry = opened.manifest.entries().get(index);
        if (entry.type() != EntryType.FILE) {
            throw new BatchNotFoundException("entry \"" + path + "\" of batch " + opened.batch.id() + " is a "
                    + entry.type().name().toLowerCase(java.util.Locale.ROOT) + ", not a file");
        }
        return new BatchFile(opened.batch, opened.manifest, index, entry);
    }

    /**
     * Batch {@code batchId} (exact id) as a tar stream.
     *
     * @throws BatchNotFoundException if there is no such batch or it has no manifest
     */
    public BatchArchive archive(String batchId) throws IOException {
        Opened opened = open(batchId);
        return new BatchArchive(opened.batch, opened.manifest);
    }

    /**
     * Writes bytes {@code [from, from + length)} of {@code file} to {@code out}, fetching only
     * the chunks that hold them.
     *
     * @throws IndexOutOfBoundsException if the range is not inside the file
     * @throws dev.dos.core.format.IntegrityException if a chunk is missing or damaged or the file
     *         does not match its SHA-256 (some bytes may have been written)
     */
    public Report writeFile(BatchFile file, long from, long length, OutputStream out) throws IOException {
        Objects.checkFromIndexSize(from, length, file.size());
        RemoteChunkSource source = source(file.batch());
        BatchStreamer layout = new BatchStreamer(repo.key(), file.manifest(), source);
        long start = layout.contentStart(file.index()) + from;
        List<Integer> plan = length == 0 ? List.of()
                : IntStream.rangeClosed(layout.chunkAt(start), layout.chunkAt(start + length - 1)).boxed().toList();
        try (ChunkPrefetcher prefetched = ChunkPrefetcher.start(repo.remote(), source, repo.key(), plan,
                transfers.transfers())) {
            new BatchStreamer(repo.key(), file.manifest(), prefetched).writeFile(file.index(), from, length, out);
        }
        return new Report(length, source.fetchedCount(), file.manifest().chunkCount());
    }

    /** Writes the whole file. */
    public Report writeFile(BatchFile file, OutputStream out) throws IOException {
        return writeFile(file, 0, file.size(), out);
    }

    /**
     * Writes the batch's whole tar stream ({@link BatchArchive#tarBytes()} bytes) to {@code out},
     * every chunk, entry and file checked.
     *
     * @throws dev.dos.core.format.IntegrityException on damage (some bytes may have been written)
     */
    public Report writeArchive(BatchArchive archive, OutputStream out) throws IOException {
        RemoteChunkSource source = source(archive.batch());
        List<Integer> plan = IntStream.range(0, archive.manifest().chunkCount()).boxed().toList();
        long written;
        try (ChunkPrefetcher prefetched = ChunkPrefetcher.start(repo.remote(), source, repo.key(), plan,
                transfers.transfers())) {
            written = new BatchStreamer(repo.key(), archive.manifest(), prefetched).writeTar(out);
        }
        return new Report(written, source.fetchedCount(), archive.manifest().chunkCount());
    }

    private RemoteChunkSource source(BatchRecord batch) throws IOException {
        return new RemoteChunkSource(repo.remote(), BatchId.parse(batch.id()), new Catalog(repo).chunks(batch),
                ProgressListener.NONE);
    }

    private Opened open(String batchId) throws IOException {
        Objects.requireNonNull(batchId, "batchId");
        BatchRecord batch = repo.metadata().batch(batchId)
                .orElseThrow(() -> new BatchNotFoundException("no batch " + batchId));
        synchronized (cache) {
            Opened cached = cache.get(batch.id());
            if (cached != null) {
                return new Opened(batch, cached.manifest, cached.paths);
            }
        }
        BatchManifest manifest = new Catalog(repo).manifest(batch);
        Opened opened = new Opened(batch, manifest, null);
        if (manifest.entries().size() <= MAX_CACHED_ENTRIES) {
            opened = new Opened(batch, manifest, pathIndex(manifest.entries()));
            synchronized (cache) {
                cache.put(batch.id(), opened);
            }
        }
        return opened;
    }

    private static Map<String, Integer> pathIndex(List<ManifestEntry> entries) {
        Map<String, Integer> paths = new HashMap<>(entries.size() * 2);
        for (int i = 0; i < entries.size(); i++) {
            paths.putIfAbsent(entries.get(i).path(), i);
        }
        return paths;
    }

    /** A batch with its manifest and, when cached, a path index. */
    private record Opened(BatchRecord batch, BatchManifest manifest, Map<String, Integer> paths) {
        Integer index(String path) {
            if (paths != null) {
                return paths.get(path);
            }
            List<ManifestEntry> entries = manifest.entries();
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i).path().equals(path)) {
                    return i;
                }
            }
            return null;
        }
    }
}
