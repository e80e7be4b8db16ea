package dev.dos.core.pack;

import dev.dos.core.crypto.MasterKey;
import dev.dos.core.format.BatchId;
import dev.dos.core.format.BatchManifest;
import dev.dos.core.format.ManifestCodec;
import dev.dos.core.format.MemoryChunkStore;
import dev.dos.core.meta.SqliteMetadataStore;
import dev.dos.core.ops.BatchCard;
import dev.dos.core.ops.BatchNotFoundException;
import dev.dos.core.ops.ProgressListener;
import dev.dos.core.ops.RemoteNames;
import dev.dos.core.ops.Repository;
import dev.dos.core.ops.RestoreOperation;
import dev.dos.core.ops.SyncListener;
import dev.dos.core.ops.SyncOperation;
import dev.dos.core.ops.SyncReport;
import dev.dos.core.remote.BlobUpload;
import dev.dos.core.remote.StorageRemote;
import dev.dos.core.remote.memory.InMemoryRemote;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The scene of a malicious-batch attack: an attacker holding a copy of the key file posts crafted
 * batches (chunks in a container, a card with the encrypted manifest) to the shared remote; the
 * victim's machine, with its own SQLite index, syncs and restores them through the real
 * {@link RestoreOperation}. Every destination lives in a sandbox folder whose other contents (an
 * {@code outside} folder with a file to protect) are the sentinel: they must be exactly as before
 * each restore.
 */
final class HostileStore implements AutoCloseable {
    final MasterKey key;
    final InMemoryRemote remote = new InMemoryRemote();
    final Path sandbox;
    final Path outside;
    final Repository victim;
    private final SqliteMetadataStore metadata;
    private int destinations;

    HostileStore(Path dir, MasterKey key) throws IOException {
        this.key = key;
        this.sandbox = Files.createDirectories(dir.resolve("sandbox")).toRealPath();
        this.outside = Files.createDirectories(sandbox.resolve("outside"));
        Files.writeString(outside.resolve("target.txt"), "keep");
        this.metadata = SqliteMetadataStore.open(dir.resolve("victim.db"));
        this.victim = new Repository(remote, metadata, key);
    }

    /** Posts a batch as the attacker would: a container of chunk posts and a card with the manifest. */
    void post(BatchId id, MemoryChunkStore chunks, BatchManifest manifest) throws IOException {
        post(id, chunks, manifest, ManifestCodec.encode(manifest, key));
    }

    /** As {@link #post(BatchId, MemoryChunkStore, BatchManifest)}, with any manifest envelope. */
    void post(BatchId id, MemoryChunkStore chunks, BatchManifest manifest, byte[] envelope) throws IOException {
        String container = remote.createContainer(RemoteNames.container(id));
        for (int i = 0; i < chunks.size(); i++) {
            remote.post(container, "", List.of(new BlobUpload(RemoteNames.chunk(id, i), chunks.get(i))));
        }
        BatchCard card = new BatchCard(id.hex(), Instant.now(), container, manifest.chunkCount(),
                BatchManifest.FORMAT_VERSION, key.fingerprint().hex());
        remote.post(remote.areaId(StorageRemote.Area.INDEX), card.render(),
                List.of(new BlobUpload(RemoteNames.manifest(id, 0), envelope)));
    }

    void post(CraftedBatch batch, BatchManifest manifest) throws IOException {
        post(batch.id, batch.store, manifest);
    }

    /** The victim's `dos sync`. */
    SyncReport sync() throws IOException {
        return new SyncOperation(victim).sync(SyncListener.NONE);
    }

    /** A fresh destination folder name inside the sandbox (not created). */
    Path newDestination(String name) {
        return sandbox.resolve("dest-" + destinations++ + "-" + name);
    }

    /** The victim's `dos restore <batch> <destination>`, and what the sandbox looked like around it. */
    Outcome restore(BatchId id, Path destination) throws IOException {
        Map<String, String> before = snapshot(sandbox, destination);
        List<String> linksBefore = symlinksLeadingOutside(destination);
        RestoreOperation.Report report = null;
        Exception refusal = null;
        try {
            report = new RestoreOperation(victim).restore(id.hex(), destination, List.of(), false,
                    ProgressListener.NONE);
        } catch (IOException | BatchNotFoundException e) {
            refusal = e;
        }
        Map<String, String> after = snapshot(sandbox, destination);
        List<String> linksOutside = new java.util.ArrayList<>(symlinksLeadingOutside(destination));
        linksOutside.removeAll(linksBefore); // put there by the user before the restore, not by it
        return new Outcome(destination, report == null ? null : report.result(), refusal, before, after,
                linksOutside);
    }

    /**
     * What a restore did: its result or the exception that refused it, and the sandbox (minus the
     * destination) before and after.
     */
    record Outcome(Path destination, RestoreResult result, Exception refusal, Map<String, String> before,
                   Map<String, String> after, List<String> linksOutside) {
        /** Nothing outside the destination changed, and no link in it leads outside. */
        boolean sentinelIntact() {
            return before.equals(after) && linksOutside.isEmpty();
        }

        /** The whole restore was refused with an UnsafePathException, in one clear line. */
        boolean refusedUnsafe() {
            return refusal instanceof UnsafePathException && oneLine(refusal.getMessage());
        }

        /** The restore ran and reported {@code path} as not restored, of one of {@code kinds}. */
        boolean reported(String path, RestoreProblem.Kind... kinds) {
            return result != null && result.problems().stream().anyMatch(p -> p.path().equals(path)
                    && List.of(kinds).contains(p.kind()) && oneLine(p.message()));
        }

        /** The refusal message, or the problems reported, for the record. */
        String seen() {
            if (refusal != null) {
                return refusal.getClass().getSimpleName() + ": " + refusal.getMessage();
            }
            return result == null ? "no result" : result.problems().stream().map(p -> p.kind() + " " + p).toList().toString();
        }

        /** Regular files in the destination (anything a restore wrote). */
        long filesWritten() throws IOException {
            if (!Files.exists(destination)) {
                return 0;
            }
            try (Stream<Path> walk = Files.walk(destination)) {
                return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).count();
            }
        }

        private static boolean oneLine(String message) {
            return message != null && !message.isBlank() && message.indexOf('\n') < 0;
        }
    }

    /** Every path under {@code root} except under {@code skip}, with its type, size, content hash and link target. */
    static Map<String, String> snapshot(Path root, Path skip) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.filter(p -> !p.startsWith(skip)).toList()) {
                BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String what;
                if (a.isSymbolicLink()) {
                    what = "link " + Files.readSymbolicLink(path);
                } else if (a.isDirectory()) {
                    what = "dir";
                } else if (a.isRegularFile()) {
                    what = "file " + a.size() + " " + sha256(path) + " links "
                            + Files.getAttribute(path, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
                } else {
                    what = "other";
                }
                // The sandbox folder itself changes time as destinations are created in it.
                entries.put(root.relativize(path).toString(),
                        path.equals(root) ? what : what + " mtime " + a.lastModifiedTime().toMillis());
            }
        }
        return entries;
    }

    /** Symlinks under {@code destination} whose target, resolved on disk, lies outside it. */
    static List<String> symlinksLeadingOutside(Path destination) throws IOException {
        if (!Files.isDirectory(destination)) {
            return List.of();
        }
        Path root = destination.toRealPath();
        try (Stream<Path> walk = Files.walk(destination)) {
            return walk.filter(Files::isSymbolicLink).filter(link -> {
                try {
                    return !link.toRealPath().startsWith(root);
                } catch (IOException dangling) {
                    return false;
                }
            }).map(p -> destination.relativize(p).toString()).toList();
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        metadata.close();
        remote.close();
    }
}
