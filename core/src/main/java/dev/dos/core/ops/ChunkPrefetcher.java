package dev.dos.core.ops;

import dev.dos.core.crypto.KeyPurpose;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.crypto.StreamKey;
import dev.dos.core.format.ChunkOpener;
import dev.dos.core.format.ChunkSource;
import dev.dos.core.format.OpenedChunk;
import dev.dos.core.io.Failures;
import dev.dos.core.meta.ChunkRecord;
import dev.dos.core.remote.BlobRef;
import dev.dos.core.remote.StorageRemote;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Downloads and opens the chunks a reader will need, in the order it will need them, up to
 * {@code transfers} at a time, while the reader decodes and writes in order. The reader opens
 * chunks one by one as before ({@link ChunkSource#openChunk}); each open takes the chunk from its
 * task, started earlier, and starts the next one.
 *
 * <p>Each task downloads its chunk, checks it against the index ({@link RemoteChunkSource}) and
 * then authenticates and decrypts it ({@link ChunkOpener}), so decryption runs beside the reader's
 * decompression and writing, on another core when there is one: on the reader's thread it was a
 * third of a restore's CPU (docs/PERFORMANCE.md, "Where the throughput goes"). A task that fails
 * keeps its failure for the reader, who meets it when it opens that chunk, as before.
 *
 * <p>Memory: at most {@code transfers} chunks are downloading, opened or waiting to be taken,
 * plus the one last taken (kept, because two decoding runs may start in the same chunk), so
 * about {@code transfers + 1} chunks whatever the batch's size. A task keeps only the plaintext
 * once its chunk is opened. A chunk the reader skips (decoding jumped past a damaged one) is
 * dropped; a chunk outside the plan, or opened with another key, is fetched on the spot. Without a key
 * (a verify that checks hashes only) tasks stop at the check and keep the encrypted bytes.
 *
 * <p>One reader thread uses an instance (as {@link ChunkSource} readers do); the tasks run on
 * virtual threads of their own.
 */
final class ChunkPrefetcher implements ChunkSource, AutoCloseable {
    private final RemoteChunkSource source;
    private final StreamKey key;
    private final Deque<Integer> planned;
    private final int transfers;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Deque<Task> inFlight = new ArrayDeque<>();
    private int lastIndex = -1;
    private Fetched last;

    /** What a task brings: the verified bytes (no key), or the opened chunk (a key). */
    private record Fetched(byte[] bytes, OpenedChunk opened) {
    }

    private record Task(int index, Future<Fetched> fetched) {
    }

    /**
     * @param key  the stream key the reader will open the chunks with, or null when it reads the
     *             encrypted bytes only (a verify that checks hashes)
     * @param plan the chunk indexes the reader will open, in increasing order
     */
    ChunkPrefetcher(RemoteChunkSource source, StreamKey key, List<Integer> plan, int transfers) {
        this.source = source;
        this.key = key;
        this.planned = new ArrayDeque<>(plan);
        this.transfers = Math.max(1, transfers);
    }

    /**
     * Tells the remote which blobs are coming (so it can look them up in bulk), then starts the
     * first tasks: {@code transfers} at a time, or fewer when the heap cannot hold that many of
     * the plan's largest chunk ({@link HeapBudget}; the source's listener is told).
     *
     * @param key the master key, from which the batch's stream key (the one readers open the chunks
     *            with) is derived; null when they will only {@link #fetch} the encrypted bytes
     * @throws HeapBudget.InsufficientHeapException if the heap cannot hold even one
     */
    static ChunkPrefetcher start(StorageRemote remote, RemoteChunkSource source, MasterKey key, List<Integer> plan,
                                 int transfers) throws HeapBudget.InsufficientHeapException {
        List<BlobRef> refs = new ArrayList<>(plan.size());
        long largest = 0;
        for (int index : plan) {
            Optional<ChunkRecord> chunk = source.record(index);
            chunk.map(ChunkRecord::remote).ifPresent(refs::add);
            largest = Math.max(largest, chunk.map(ChunkRecord::size).orElse(0L));
        }
        int fitted = plan.size() <= 1 ? transfers : HeapBudget.fit(new TransferOptions(Math.max(1, transfers), 0),
                largest, HeapBudget.RESTORE_EXTRA, "chunk", source.listener()).transfers();
        remote.expectReads(refs);
        StreamKey streamKey = key == null ? null : key.streamKey(KeyPurpose.BATCH, source.batchId().bytes());
        ChunkPrefetcher prefetcher = new ChunkPrefetcher(source, streamKey, plan, fitted);
        prefetcher.topUp();
        return prefetcher;
    }

    @Override
    public InputStream open(int index) throws IOException {
        return new ByteArrayInputStream(fetch(index));
    }

    /** The downloaded array itself: no copy (readers only read it). */
    @Override
    public byte[] readChunk(int index, int maxBytes) throws IOException {
        return fetch(index);
    }

    /**
     * The verified, still encrypted bytes of chunk {@code index}: from its task when this
     * prefetcher has no key, else downloaded now (tasks that open chunks keep only the plaintext).
     */
    byte[] fetch(int index) throws IOException {
        return key == null ? take(index).bytes() : source.fetch(index);
    }

    /** Chunk {@code index} opened: from its task when the key is this prefetcher's, else read and opened now. */
    @Override
    public OpenedChunk openChunk(StreamKey streamKey, int index) throws IOException {
        if (key == null || !key.equals(streamKey)) {
            return ChunkSource.super.openChunk(streamKey, index);
        }
        return take(index).opened();
    }

    /** What the task of chunk {@code index} brought, if one was started, else what is done now. */
    private Fetched take(int index) throws IOException {
        if (index == lastIndex) {
            return last;
        }
        while (!inFlight.isEmpty() && inFlight.peekFirst().index() < index) {
            inFlight.removeFirst().fetched().cancel(true); // skipped by the reader
        }
        while (!planned.isEmpty() && planned.peekFirst() < index) {
            planned.removeFirst();
        }
        Fetched fetched;
        if (!inFlight.isEmpty() && inFlight.peekFirst().index() == index) {
            Future<Fetched> task = inFlight.removeFirst().fetched();
            topUp();
            fetched = await(task);
        } else {
            if (!planned.isEmpty() && planned.peekFirst() == index) {
                planned.removeFirst();
            }
            topUp();
            fetched = load(index);
        }
        lastIndex = index;
        last = fetched;
        return fetched;
    }

    /** One task's work: download and check the chunk, then open it when there is a key. */
    private Fetched load(int index) throws IOException {
        byte[] bytes = source.fetch(index);
        return key == null ? new Fetched(bytes, null) : new Fetched(null, ChunkOpener.open(key, index, bytes));
    }

    private void topUp() {
        while (inFlight.size() < transfers && !planned.isEmpty()) {
            int next = planned.removeFirst();
            inFlight.addLast(new Task(next, executor.submit(() -> load(next))));
        }
    }

    private static Fetched await(Future<Fetched> task) throws IOException {
        try {
            return task.get();
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while downloading a chunk");
        } catch (CancellationException e) {
            throw new InterruptedIOException("chunk download cancelled");
        } catch (ExecutionException e) {
            throw Failures.asIOException(e.getCause());
        }
    }

    @Override
    public void close() {
        inFlight.forEach(t -> t.fetched().cancel(true));
        inFlight.clear();
        planned.clear();
        executor.shutdownNow();
        last = null;
    }
}
