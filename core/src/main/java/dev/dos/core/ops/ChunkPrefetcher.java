package dev.dos.core.ops;

import dev.dos.core.format.ChunkSource;
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
 * Downloads the chunks a reader will need, in the order it will need them, up to
 * {@code transfers} at a time, while the reader decodes and writes in order. The reader opens
 * chunks one by one as before ({@link ChunkSource}); each open takes the chunk from its download,
 * started earlier, and starts the next one.
 *
 * <p>Memory: at most {@code transfers} chunks are downloading or downloaded and not yet taken,
 * plus the one last taken (kept, because two decoding runs may start in the same chunk), so
 * about {@code transfers + 1} chunks whatever the batch's size. A chunk the reader skips (decoding
 * jumped past a damaged one) is dropped; a chunk outside the plan is fetched on the spot.
 *
 * <p>One reader thread uses an instance (as {@link ChunkSource} readers do); the downloads run
 * on virtual threads of their own.
 */
final class ChunkPrefetcher implements ChunkSource, AutoCloseable {
    private final RemoteChunkSource source;
    private final Deque<Integer> planned;
    private final int transfers;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Deque<Download> inFlight = new ArrayDeque<>();
    private int lastIndex = -1;
    private byte[] lastBytes;

    private record Download(int index, Future<byte[]> bytes) {
    }

    /**
     * @param plan the chunk indexes the reader will open, in increasing order
     */
    ChunkPrefetcher(RemoteChunkSource source, List<Integer> plan, int transfers) {
        this.source = source;
        this.planned = new ArrayDeque<>(plan);
        this.transfers = Math.max(1, transfers);
    }

    /**
     * Tells the remote which blobs are coming (so it can look them up in bulk), then starts the
     * first downloads: {@code transfers} at a time, or fewer when the heap cannot hold that many of
     * the plan's largest chunk ({@link HeapBudget}; the source's listener is told).
     *
     * @throws HeapBudget.InsufficientHeapException if the heap cannot hold even one
     */
    static ChunkPrefetcher start(StorageRemote remote, RemoteChunkSource source, List<Integer> plan, int transfers)
            throws HeapBudget.InsufficientHeapException {
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
        ChunkPrefetcher prefetcher = new ChunkPrefetcher(source, plan, fitted);
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

    /** The verified bytes of chunk {@code index}: from its download if one was started, else fetched now. */
    byte[] fetch(int index) throws IOException {
        if (index == lastIndex) {
            return lastBytes;
        }
        while (!inFlight.isEmpty() && inFlight.peekFirst().index() < index) {
            inFlight.removeFirst().bytes().cancel(true); // skipped by the reader
        }
        while (!planned.isEmpty() && planned.peekFirst() < index) {
            planned.removeFirst();
        }
        byte[] bytes;
        if (!inFlight.isEmpty() && inFlight.peekFirst().index() == index) {
            Future<byte[]> download = inFlight.removeFirst().bytes();
            topUp();
            bytes = await(download);
        } else {
            if (!planned.isEmpty() && planned.peekFirst() == index) {
                planned.removeFirst();
            }
            topUp();
            bytes = source.fetch(index);
        }
        lastIndex = index;
        lastBytes = bytes;
        return bytes;
    }

    private void topUp() {
        while (inFlight.size() < transfers && !planned.isEmpty()) {
            int next = planned.removeFirst();
            inFlight.addLast(new Download(next, executor.submit(() -> source.fetch(next))));
        }
    }

    private static byte[] await(Future<byte[]> download) throws IOException {
        try {
            return download.get();
        } catch (InterruptedException e) {
            download.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while downloading a chunk");
        } catch (CancellationException e) {
            throw new InterruptedIOException("chunk download cancelled");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IOException(cause);
        }
    }

    @Override
    public void close() {
        inFlight.forEach(d -> d.bytes().cancel(true));
        inFlight.clear();
        planned.clear();
        executor.shutdownNow();
        lastBytes = null;
    }
}
