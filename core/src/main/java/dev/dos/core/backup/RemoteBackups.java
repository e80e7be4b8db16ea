package dev.dos.core.backup;

import dev.dos.core.format.BatchId;
import dev.dos.core.ops.ProgressListener;
import dev.dos.core.ops.RemoteNames;
import dev.dos.core.ops.Sizes;
import dev.dos.core.remote.BlobRef;
import dev.dos.core.remote.BlobUpload;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.PostPages;
import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.RemoteLimits;
import dev.dos.core.remote.StorageRemote;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Database backups in the remote's backup area ({@link StorageRemote.Area#BACKUP}): posting one,
 * and finding the complete ones again. Each post carries a {@link BackupCard} and a run of the
 * backup's sealed chunks as blobs (docs/FORMAT.md section 8).
 */
public final class RemoteBackups {
    private final StorageRemote remote;
    private int foreign;

    public RemoteBackups(StorageRemote remote) {
        this.remote = remote;
    }

    /**
     * Posts every chunk of {@code file}, in as few posts as the remote's limits allow, parts in
     * order. Returns the ids of the posts.
     */
    public List<String> post(BackupFile file, ProgressListener listener) throws IOException {
        BackupHeader header = file.header();
        List<int[]> parts = split(file, remote.limits());
        String area = remote.areaId(StorageRemote.Area.BACKUP);
        long stored = file.storedBytes();
        List<String> postIds = new ArrayList<>();
        for (int p = 0; p < parts.size(); p++) {
            int first = parts.get(p)[0];
            int end = parts.get(p)[1];
            List<BlobUpload> blobs = new ArrayList<>();
            long bytes = 0;
            for (int i = first; i < end; i++) {
                byte[] chunk = file.chunk(i);
                bytes += chunk.length;
                blobs.add(new BlobUpload(RemoteNames.backupChunk(header.backupId(), i), chunk));
            }
            BackupCard card = new BackupCard(header, p + 1, parts.size(), first, stored);
            postIds.add(remote.post(area, card.render(), blobs).id());
            listener.advanced(bytes);
        }
        return postIds;
    }

    /** Runs of chunk indexes [first, end) that each fit in one post. */
    private static List<int[]> split(BackupFile file, RemoteLimits limits) throws RemoteException {
        List<int[]> parts = new ArrayList<>();
        int count = file.header().chunkCount();
        int first = 0;
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            long size = file.chunkSize(i);
            if (size > limits.maxBlobBytes()) {
                throw new RemoteException.TooLarge("backup " + file.header().backupId() + " has a chunk of "
                        + Sizes.human(size) + "; the remote takes blobs of at most " + Sizes.human(limits.maxBlobBytes()));
            }
            boolean full = i - first == limits.maxBlobsPerPost() || bytes + size > limits.maxPostBytes();
            if (i > first && full) {
                parts.add(new int[] {first, i});
                first = i;
                bytes = 0;
            }
            bytes += size;
        }
        parts.add(new int[] {first, count});
        return parts;
    }

    /**
     * Every complete backup in the area, oldest first (by creation time). Reads the whole area;
     * posts that are not backup cards, and backups missing a part, are skipped; backup posts that
     * someone other than our bot made are never trusted: skipped, and counted in
     * {@link #foreignPosts()}.
     */
    public List<RemoteBackup> list() throws RemoteException {
        String area = remote.areaId(StorageRemote.Area.BACKUP);
        Map<BatchId, Assembly> found = new LinkedHashMap<>();
        foreign = 0;
        PostPages.forEach(remote, area, null, post -> BackupCard.parse(post.text()).ifPresent(card -> {
            if (!post.ours()) {
                foreign++;
                return;
            }
            found.computeIfAbsent(card.header().backupId(), id -> new Assembly(card)).add(card, post);
        }));
        List<RemoteBackup> complete = new ArrayList<>();
        for (Assembly assembly : found.values()) {
            assembly.complete().ifPresent(complete::add);
        }
        // Stable sort: backups created in the same millisecond stay in posting order.
        complete.sort(Comparator.comparing(b -> b.header().createdAt()));
        return complete;
    }


    /** Backup posts the last {@link #list()} skipped because someone else made them. */
    public int foreignPosts() {
        return foreign;
    }

    /** The posts of one backup id seen so far, by part number. */
    private static final class Assembly {
        private final BackupCard first;
        private final Map<Integer, Post> parts = new TreeMap<>();

        Assembly(BackupCard first) {
            this.first = first;
        }

        void add(BackupCard card, Post post) {
            // A card that contradicts the first one seen is not trusted; a repeated part (a retried
            // post) keeps its first copy.
            if (card.header().equals(first.header()) && card.parts() == first.parts()
                    && card.storedBytes() == first.storedBytes()) {
                parts.putIfAbsent(card.part(), post);
            }
        }

        Optional<RemoteBackup> complete() {
            BackupHeader header = first.header();
            if (parts.size() != first.parts()) {
                return Optional.empty();
            }
            List<BlobRef> chunks = new ArrayList<>(header.chunkCount());
            for (Map.Entry<Integer, Post> part : parts.entrySet()) {
                Post post = part.getValue();
                BackupCard card = BackupCard.parse(post.text()).orElseThrow();
                if (card.firstChunk() != chunks.size()
                        || chunks.size() + post.blobs().size() > header.chunkCount()) {
                    return Optional.empty();
                }
                post.blobs().forEach(blob -> chunks.add(blob.ref()));
            }
            if (chunks.size() != header.chunkCount()) {
                return Optional.empty();
            }
            return Optional.of(new RemoteBackup(header, first.storedBytes(), chunks));
        }
    }
}
