package dev.dos.core.ops;

import dev.dos.core.crypto.MasterKey;
import dev.dos.core.format.BatchId;
import dev.dos.core.format.BatchManifest;
import dev.dos.core.format.ChunkTarget;
import dev.dos.core.format.EncodedChunk;
import dev.dos.core.format.ManifestCodec;
import dev.dos.core.pack.BatchPacker;
import dev.dos.core.pack.PackOptions;
import dev.dos.core.remote.BlobUpload;
import dev.dos.core.remote.StorageRemote;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;

/**
 * Writes batches straight to a remote exactly as an upload leaves them (chunk posts in a thread,
 * sealed; a card with the encrypted manifest in the index area), through the product's own packer,
 * codec and card, but without a local index: a store of a thousand batches takes seconds instead of
 * the minutes a durable index needs for as many uploads. Each batch holds one small file.
 */
public final class StoreForge {
    private final StorageRemote remote;
    private final MasterKey key;
    private final Path file;

    /** {@code scratch}: a folder for the one small file every batch holds. */
    public StoreForge(StorageRemote remote, MasterKey key, Path scratch) throws IOException {
        this.remote = remote;
        this.key = key;
        Path dir = Files.createDirectories(scratch.resolve("forge"));
        this.file = Files.writeString(dir.resolve("note.txt"), "a small file, stored many times\n");
    }

    /** The one file every forged batch holds (its root: a batch restores it as {@code note.txt}). */
    public Path file() {
        return file;
    }

    /** Writes one batch; returns its id. {@code cardText} may rewrite the card (a card of an older format). */
    public String forge(UnaryOperator<String> cardText) throws IOException {
        BatchId id = BatchId.random();
        List<EncodedChunk> chunks = new ArrayList<>();
        BatchManifest manifest = new BatchPacker(key, PackOptions.defaults().withChunkTarget(new ChunkTarget(64 * 1024))).pack(id, List.of(file), chunks::add);
        String thread = remote.createContainer(RemoteNames.container(id));
        for (EncodedChunk chunk : chunks) {
            remote.post(thread, "", List.of(new BlobUpload(RemoteNames.chunk(id, chunk.index()), chunk.bytes())));
        }
        byte[] envelope = ManifestCodec.encode(manifest, key);
        BatchCard card = new BatchCard(id.hex(), Instant.now(), thread, manifest.chunkCount(),
                BatchManifest.FORMAT_VERSION, key.fingerprint().hex());
        remote.post(remote.areaId(StorageRemote.Area.INDEX), cardText.apply(card.render()),
                UploadOperation.manifestBlobs(id, envelope, remote.limits()));
        remote.sealContainer(thread);
        return id.hex();
    }

    /** Writes {@code count} batches, {@code parallel} at a time (their cards in no fixed order). */
    public List<String> forge(int count, int parallel) throws IOException {
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallel))) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                done.add(pool.submit(() -> {
                    try {
                        ids.add(forge(UnaryOperator.identity()));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forging batches", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof UncheckedIOException u ? u.getCause() : new IOException(e.getCause());
        }
        return List.copyOf(ids);
    }

    /**
     * The text of a version 1 card (written before version 2: clear sizes, entry count, an optional
     * label) for the facts of {@code v2}, as {@code BatchCardTest} shows one.
     */
    public static String asVersion1(String v2) {
        BatchCard card = BatchCard.parse(v2).orElseThrow();
        return "**dos batch** `" + card.batchId() + "`\n"
                + "label: old times\n"
                + "created: " + card.createdAt() + "\n"
                + "stored: 2.0 KiB in " + card.chunkCount() + " chunks (original 40 B, 1 entries)\n"
                + "chunks: <#" + card.storageThread() + ">\n"
                + "```\n"
                + "dos-card v1 batch=" + card.batchId() + " created=" + card.createdAt() + " thread="
                + card.storageThread() + " chunks=" + card.chunkCount() + " stored=2048 original=40 entries=1"
                + " format=" + card.formatVersion() + " key=" + card.keyFingerprint() + "\n"
                + "```";
    }
}
