package dev.dos.core.ops;

import dev.dos.core.format.BatchId;
import dev.dos.core.format.BatchManifest;
import dev.dos.core.format.ChunkTarget;
import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.MetadataStore;
import dev.dos.core.pack.SourceSnapshot;
import dev.dos.core.remote.BlobUpload;
import dev.dos.core.remote.RemoteLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Uploads files and folders as one new batch. Before anything is posted it records, in the local
 * index, how to pack the batch again byte for byte (roots, options, a snapshot of the sources),
 * so that an upload stopped at any point can be continued by {@link ResumeOperation}. The upload
 * itself runs the path shared with resume: {@link BatchUploader}.
 */
public final class UploadOperation {
    private final Repository repo;
    private final TransferOptions transfers;

    /** One chunk at a time ({@link TransferOptions#serial()}). */
    public UploadOperation(Repository repo) {
        this(repo, TransferOptions.serial());
    }

    /** Posts up to {@code transfers.transfers()} chunk posts at a time, over as many containers (lanes). */
    public UploadOperation(Repository repo, TransferOptions transfers) {
        this.repo = repo;
        this.transfers = java.util.Objects.requireNonNull(transfers, "transfers");
    }

    /**
     * Uploads {@code roots} as a new batch.
     *
     * @throws IncompleteUploadException if the upload stopped after the batch was created (it is
     *         then INCOMPLETE and resumable)
     */
    public UploadResult upload(List<Path> roots, UploadOptions options, ProgressListener listener) throws IOException {
        List<Path> sources = checkedRoots(roots);
        MetadataStore metadata = repo.metadata();
        RemoteLimits limits = repo.remote().limits();
        ChunkTarget target = options.chunkBytes() > 0
                ? new ChunkTarget(Math.toIntExact(Math.min(options.chunkBytes(), limits.maxBlobBytes())))
                : ChunkTarget.forBlobLimit(limits.maxBlobBytes());
        // Before the batch exists: a heap too small for even one post fails here, leaving nothing.
        TransferOptions fitted = HeapBudget.fit(transfers, postBytes(limits, target.bytes()),
                HeapBudget.UPLOAD_EXTRA, "post", listener);
        SourceSnapshot snapshot = SourceSnapshot.take(sources, options.followSymlinks());
        UploadSource source = new UploadSource(sources, options.compression(), target.bytes(),
                options.followSymlinks(), options.onUnreadable(), options.label(), snapshot,
                lanesFor(snapshot.estimatedTarBytes(), target.bytes(), limits.blobsPerPost(target.bytes()),
                        transfers.transfers()), List.of());

        BatchId batchId = BatchId.random();
        String name = options.label() != null ? options.label() : sources.stream()
                .map(p -> p.getFileName() == null ? p.toString() : p.getFileName().toString())
                .collect(Collectors.joining(", "));
        // Locked before the batch exists, so no other process can ever see it UPLOADING and unlocked
        // while this one lives.
        try (UploadLock lock = UploadLock.tryAcquire(metadata, batchId.hex())
                .orElseThrow(() -> new IllegalStateException("new batch id " + batchId + " is already locked"))) {
            BatchRecord record = BatchRecord.startUpload(batchId.hex(), name, repo.clock().instant(),
                    options.compression().codec().name().toLowerCase(java.util.Locale.ROOT),
                    BatchManifest.FORMAT_VERSION, repo.key().fingerprint().hex());
            metadata.insertBatch(record);
            try {
                metadata.saveSource(batchId.hex(), source.toJson());
            } catch (IOException | RuntimeException e) {
                metadata.deleteBatch(batchId.hex()); // nothing was posted, and without a source nothing can resume
                throw e;
            }
            UploadResult result = new BatchUploader(repo, fitted, listener).run(record, source, false).result();
            lock.discard();
            return result;
        }
    }

    /**
     * How many lanes a batch gets: one per transfer, but no more than it has posts (judged by its
     * uncompressed size, an upper bound), so a small batch keeps a single thread.
     */
    static int lanesFor(long estimatedTarBytes, long chunkBytes, int chunksPerPost, int transfers) {
        long chunks = Math.max(1, (estimatedTarBytes + chunkBytes - 1) / chunkBytes);
        long posts = (chunks + chunksPerPost - 1) / Math.max(1, chunksPerPost);
        return (int) Math.max(1, Math.min(transfers, posts));
    }

    /** The bytes of one full post of chunks of {@code chunkBytes}: what each upload transfer holds. */
    static long postBytes(RemoteLimits limits, long chunkBytes) {
        return limits.blobsPerPost(chunkBytes) * chunkBytes;
    }

    /** The manifest envelope as blobs; several consecutive ones if it exceeds the blob limit. */
    static List<BlobUpload> manifestBlobs(BatchId batchId, byte[] envelope, RemoteLimits limits) throws IOException {
        int partBytes = (int) Math.min(limits.maxBlobBytes(), Integer.MAX_VALUE - 16);
        int parts = Math.max(1, (envelope.length + partBytes - 1) / partBytes);
        if (parts > limits.maxBlobsPerPost()) {
            throw new IOException("the manifest of batch " + batchId + " (" + Sizes.human(envelope.length)
                    + ") does not fit on one batch card");
        }
        List<BlobUpload> blobs = new ArrayList<>(parts);
        for (int i = 0; i < parts; i++) {
            int from = i * partBytes;
            int to = Math.min(envelope.length, from + partBytes);
            blobs.add(new BlobUpload(RemoteNames.manifest(batchId, i), Arrays.copyOfRange(envelope, from, to)));
        }
        return blobs;
    }

    private static List<Path> checkedRoots(List<Path> roots) throws IOException {
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("nothing to upload: give at least one file or folder");
        }
        List<Path> out = new ArrayList<>();
        for (Path root : roots) {
            Path abs = root.toAbsolutePath().normalize();
            if (!Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
                throw new NoSuchFileException(root.toString());
            }
            if (!Files.isReadable(abs)) {
                throw new java.nio.file.AccessDeniedException(root.toString());
            }
            out.add(abs);
        }
        return out;
    }
}
