package dev.dos.core.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dos.core.format.BatchId;
import dev.dos.core.format.BatchManifest;
import dev.dos.core.format.ChunkTarget;
import dev.dos.core.format.ManifestCodec;
import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.BatchState;
import dev.dos.core.meta.MetadataStore;
import dev.dos.core.pack.BatchPacker;
import dev.dos.core.pack.PackListener;
import dev.dos.core.pack.PackOptions;
import dev.dos.core.pack.PackWarning;
import dev.dos.core.remote.BlobUpload;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.RemoteLimits;
import dev.dos.core.remote.StorageRemote;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Uploads files and folders as one new batch. Write order (as restic's): chunks into the batch's
 * container, then the encrypted manifest on the batch card in the index area, then the batch is
 * marked complete locally and its container sealed. A batch whose card is missing is incomplete,
 * whatever its chunks say.
 */
public final class UploadOperation {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Repository repo;

    public UploadOperation(Repository repo) {
        this.repo = repo;
    }

    public UploadResult upload(List<Path> roots, UploadOptions options, ProgressListener listener) throws IOException {
        List<Path> sources = checkedRoots(roots);
        StorageRemote remote = repo.remote();
        MetadataStore metadata = repo.metadata();
        RemoteLimits limits = remote.limits();
        ChunkTarget target = options.chunkBytes() > 0
                ? new ChunkTarget(Math.toIntExact(Math.min(options.chunkBytes(), limits.maxBlobBytes())))
                : ChunkTarget.forBlobLimit(limits.maxBlobBytes());

        BatchId batchId = BatchId.random();
        String name = sources.stream().map(p -> p.getFileName() == null ? p.toString() : p.getFileName().toString())
                .collect(Collectors.joining(", "));
        BatchRecord record = BatchRecord.startUpload(batchId.hex(), name, repo.clock().instant(),
                options.compression().codec().name().toLowerCase(java.util.Locale.ROOT),
                BatchManifest.FORMAT_VERSION, repo.key().fingerprint().hex());
        metadata.insertBatch(record);
        metadata.saveSource(batchId.hex(), sourceJson(sources, options));
        try {
            String container = remote.createContainer(RemoteNames.container(batchId));
            record = record.withRemoteIds(container, null);
            metadata.updateBatch(record);

            List<String> warnings = new CopyOnWriteArrayList<>();
            listener.phaseStarted("upload", totalFileBytes(sources, options.followSymlinks()));
            PackOptions packOptions = PackOptions.defaults()
                    .withCompression(options.compression())
                    .withChunkTarget(target)
                    .withFollowSymlinks(options.followSymlinks())
                    .withOnUnreadable(options.onUnreadable())
                    .withClock(repo.clock())
                    .withListener(new PackListener() {
                        @Override
                        public void bytesRead(long bytes) {
                            listener.advanced(bytes);
                        }

                        @Override
                        public void warning(PackWarning warning) {
                            warnings.add(warning.toString());
                            listener.warning(warning.toString());
                        }
                    });
            BatchManifest manifest;
            try (ChunkPoster poster = new ChunkPoster(remote, metadata, container, limits.blobsPerPost(target.bytes()))) {
                manifest = new BatchPacker(repo.key(), packOptions).pack(batchId, sources, poster);
                poster.finish();
            } finally {
                listener.phaseEnded();
            }

            byte[] envelope = ManifestCodec.encode(manifest, repo.key());
            metadata.putEntries(batchId.hex(), manifest.entries());
            metadata.saveManifest(batchId.hex(), envelope);
            record = record.withTotals(manifest.originalBytes(), manifest.storedBytes(), manifest.entries().size(),
                    manifest.chunkCount());
            metadata.updateBatch(record);

            BatchCard card = new BatchCard(batchId.hex(), record.createdAt(), container, manifest.chunkCount(),
                    manifest.storedBytes(), manifest.originalBytes(), manifest.entries().size(),
                    BatchManifest.FORMAT_VERSION, repo.key().fingerprint().hex(), options.label());
            Post cardPost = remote.post(remote.areaId(StorageRemote.Area.INDEX), card.render(),
                    manifestBlobs(batchId, envelope, limits));
            record = record.withRemoteIds(container, cardPost.id());
            metadata.updateBatch(record);
            remote.sealContainer(container);
            metadata.moveBatch(batchId.hex(), BatchState.UPLOADING, BatchState.COMPLETE);
            return new UploadResult(batchId.hex(), name, manifest.originalBytes(), manifest.storedBytes(),
                    manifest.chunkCount(), manifest.entries().size(), warnings);
        } catch (IOException | RuntimeException e) {
            metadata.moveBatch(batchId.hex(), BatchState.UPLOADING, BatchState.INCOMPLETE);
            throw e;
        }
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

    private static long totalFileBytes(List<Path> roots, boolean followSymlinks) {
        long total = 0;
        for (Path root : roots) {
            LinkOption[] opts = followSymlinks ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
            if (!Files.isDirectory(root, opts)) {
                try {
                    total += Files.isRegularFile(root, opts) ? Files.size(root) : 0;
                } catch (IOException ignored) {
                    // unreadable: packing reports it
                }
                continue;
            }
            try (Stream<Path> walk = followSymlinks ? Files.walk(root, java.nio.file.FileVisitOption.FOLLOW_LINKS)
                    : Files.walk(root)) {
                total += walk.filter(p -> Files.isRegularFile(p, opts)).mapToLong(p -> {
                    try {
                        return Files.size(p);
                    } catch (IOException e) {
                        return 0;
                    }
                }).sum();
            } catch (IOException | UncheckedIOException e) {
                return -1; // unknown: packing reports what it cannot read
            }
        }
        return total;
    }

    private static String sourceJson(List<Path> roots, UploadOptions options) throws IOException {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("roots", roots.stream().map(Path::toString).toList());
        source.put("compression", options.compression().toString());
        source.put("chunkBytes", options.chunkBytes());
        source.put("followSymlinks", options.followSymlinks());
        return JSON.writeValueAsString(source);
    }
}
