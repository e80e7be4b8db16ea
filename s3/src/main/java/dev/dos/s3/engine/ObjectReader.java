package dev.dos.s3.engine;

import dev.dos.core.crypto.KeyPurpose;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.crypto.StreamKey;
import dev.dos.core.format.BatchId;
import dev.dos.core.format.ChunkOpener;
import dev.dos.core.format.ChunkReader;
import dev.dos.core.format.ChunkSource;
import dev.dos.core.format.OpenedChunk;
import dev.dos.core.format.StreamPosition;
import dev.dos.core.io.Failures;
import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.StorageRemote;
import dev.dos.s3.engine.IndexRows.ChunkRow;
import dev.dos.s3.engine.IndexRows.StreamRow;
import dev.dos.s3.store.S3Error;
import dev.dos.s3.store.S3Exception;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The bytes {@code [offset, offset + length)} of an object (docs/FORMAT.md section 16.7). Only the
 * chunks overlapping the range are fetched, a chunk in a pack as a byte range of its blob, up to
 * {@code readAhead} of them ahead of the reader. Every chunk is authenticated as chunk {@code i} of
 * its data id before any of it is used. The object's streams are fixed when it is opened; a chunk
 * whose post is gone (compaction moved it) is looked up again, and one whose stream is gone (the
 * object was deleted) ends the read with {@code NoSuchKey}: old bytes or that, never a mix.
 */
final class ObjectReader extends InputStream {
    private final StorageRemote remote;
    private final MasterKey key;
    private final S3Index index;
    private final List<String> lanes;
    private final List<StreamRow> streams;
    private final int readAhead;
    private final ExecutorService fetches = Executors.newVirtualThreadPerTaskExecutor();
    private int stream;
    private long streamOffset;
    private long remaining;
    private long leftInStream;
    private ChunkReader reader;
    /** The fetchers of the current stream and of the next ones read ahead, by stream. */
    private final Map<Integer, Fetcher> fetchers = new HashMap<>();
    private boolean closed;

    ObjectReader(StorageRemote remote, MasterKey key, S3Index index, List<String> lanes, List<StreamRow> streams,
                 long offset, long length, int readAhead) {
        this.remote = remote;
        this.key = key;
        this.index = index;
        this.lanes = lanes;
        this.streams = List.copyOf(streams);
        this.readAhead = readAhead;
        this.remaining = length;
        long skip = offset;
        int s = 0;
        while (s < this.streams.size() && skip >= this.streams.get(s).size()) {
            skip -= this.streams.get(s).size();
            s++;
        }
        this.stream = s;
        this.streamOffset = skip;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("the object stream is closed");
        }
        if (len == 0) {
            return 0;
        }
        while (remaining > 0) {
            if (reader == null) {
                openStream();
            }
            if (leftInStream == 0) {
                closeReader();
                fetchers.remove(stream);
                stream++;
                streamOffset = 0;
                continue;
            }
            int n;
            try {
                n = reader.read(b, off, (int) Math.min(len, Math.min(remaining, leftInStream)));
            } catch (IOException e) {
                throw unwrap(e);
            }
            if (n < 0) {
                throw new EOFException("the object's data ended early");
            }
            remaining -= n;
            leftInStream -= n;
            return n;
        }
        return -1;
    }

    private void openStream() throws IOException {
        if (stream >= streams.size()) {
            throw new EOFException("the object's data ended early");
        }
        Fetcher fetcher = fetcher(stream);
        leftInStream = fetcher.bytes;
        StreamRow row = streams.get(stream);
        try {
            reader = new ChunkReader(fetcher.streamKey, fetcher, new StreamPosition(fetcher.first, fetcher.skip),
                    row.chunks());
        } catch (IOException e) {
            throw unwrap(e);
        }
    }

    /**
     * The fetcher of stream {@code s} (made on first use): the chunks of it that the range covers.
     * Streams after the current one start at their first byte and cover what the range still
     * needs after the streams before them; a multipart object is a stream per part, so the reader's
     * read-ahead runs on into the next parts instead of stopping at each part's end.
     */
    private Fetcher fetcher(int s) throws IOException {
        Fetcher known = fetchers.get(s);
        if (known != null) {
            return known;
        }
        long start = s == stream ? streamOffset : 0;
        long need = remaining - (s == stream ? 0 : leftInStream);
        for (int k = stream + 1; k < s; k++) {
            need -= streams.get(k).size();
        }
        StreamRow row = streams.get(s);
        List<ChunkRow> chunks = index.chunks(row.dataId());
        if (chunks.size() != row.chunks()) {
            throw new S3Exception(S3Error.NO_SUCH_KEY, "the object was deleted while it was read");
        }
        int first = 0;
        long skip = start;
        while (first < chunks.size() - 1 && skip >= chunks.get(first).raw()) {
            skip -= chunks.get(first).raw();
            first++;
        }
        long end = Math.min(row.size(), start + need);
        int last = first;
        long upTo = start - skip + chunks.get(first).raw();
        while (last < chunks.size() - 1 && upTo < end) {
            last++;
            upTo += chunks.get(last).raw();
        }
        Fetcher fetcher = new Fetcher(s, row.dataId(), chunks, first, last, skip, end - start);
        fetchers.put(s, fetcher);
        return fetcher;
    }

    /** Starts up to {@code count} fetches at the head of the streams after {@code s} that the range reaches. */
    private void prefetchAfter(int s, int count) throws IOException {
        long left = remaining - leftInStream;
        for (int k = stream + 1; k <= s && k < streams.size(); k++) {
            left -= streams.get(k).size();
        }
        for (int k = s + 1; count > 0 && left > 0 && k < streams.size(); k++) {
            if (streams.get(k).size() == 0) {
                continue;
            }
            Fetcher f = fetcher(k);
            count -= f.startAhead(count);
            if (f.next <= f.last) {
                return; // the window ends inside stream k
            }
            left -= streams.get(k).size();
        }
    }

    /** A refusal S3 answers (the object is gone) hides inside the chunk reader's integrity error. */
    private static IOException unwrap(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof S3Exception s3) {
                return new S3Exception(s3.error(), s3.getMessage());
            }
        }
        return e;
    }

    private void closeReader() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }

    @Override
    public void close() {
        closed = true;
        closeReader();
        fetches.shutdownNow();
    }

    /**
     * Fetches the chunks {@code first..last} of one stream, some ahead of the reader; when the
     * read-ahead window passes {@code last} it runs on into the next streams. A fetch also opens
     * (authenticates and decrypts) its chunk, so decryption runs beside the reader's decoding, as
     * the CLI's restore does (issue 16).
     */
    private final class Fetcher implements ChunkSource {
        private final int stream;
        private final String dataId;
        private final StreamKey streamKey;
        private final List<ChunkRow> chunks;
        private final int first;
        private final int last;
        /** Where in chunk {@code first} the range starts, and how many of the stream's bytes it covers. */
        private final long skip;
        private final long bytes;
        private final Map<Integer, Future<OpenedChunk>> ahead = new HashMap<>();
        private int next;

        Fetcher(int stream, String dataId, List<ChunkRow> chunks, int first, int last, long skip, long bytes) {
            this.stream = stream;
            this.dataId = dataId;
            this.streamKey = key.streamKey(KeyPurpose.S3_OBJECT, BatchId.parse(dataId).bytes());
            this.chunks = new ArrayList<>(chunks);
            this.first = first;
            this.last = last;
            this.skip = skip;
            this.bytes = bytes;
            this.next = first;
            List<dev.dos.core.remote.BlobRef> refs = new ArrayList<>();
            for (int i = first; i <= last; i++) {
                refs.add(chunks.get(i).ref(lanes));
            }
            if (refs.size() > 1) {
                remote.expectReads(refs);
            }
        }

        /** The stored bytes of chunk {@code i}, fetched now (the read-ahead keeps opened chunks). */
        @Override
        public InputStream open(int i) throws IOException {
            return new ByteArrayInputStream(fetch(i));
        }

        @Override
        public OpenedChunk openChunk(StreamKey chunkKey, int i) throws IOException {
            if (!streamKey.equals(chunkKey)) {
                return ChunkSource.super.openChunk(chunkKey, i);
            }
            Future<OpenedChunk> started = ahead.remove(i);
            if (started == null && next <= i) {
                next = i + 1; // fetched below, now
            }
            int wanted = Math.min(last, i + readAhead);
            while (next <= wanted) {
                int k = next++;
                ahead.put(k, fetches.submit(() -> load(k)));
            }
            if (i + readAhead > last) {
                prefetchAfter(stream, i + readAhead - last);
            }
            return started != null ? await(started) : load(i);
        }

        /**
         * Keeps up to {@code count} of this stream's next chunks in flight; returns how many are
         * (what the read-ahead window spends here before it reaches the next stream).
         */
        int startAhead(int count) {
            while (ahead.size() < count && next <= last) {
                int k = next++;
                ahead.put(k, fetches.submit(() -> load(k)));
            }
            return Math.min(count, ahead.size());
        }

        /** Chunk {@code i} fetched and opened. */
        private OpenedChunk load(int i) throws IOException {
            return ChunkOpener.open(streamKey, i, fetch(i));
        }

        private byte[] fetch(int i) throws IOException {
            ChunkRow row = chunks.get(i);
            try {
                return download(row);
            } catch (RemoteException.NotFound gone) {
                ChunkRow now = index.chunk(dataId, i).orElseThrow(() ->
                        new S3Exception(S3Error.NO_SUCH_KEY, "the object was deleted while it was read"));
                if (now.equals(row)) {
                    throw gone;
                }
                return download(now); // compaction moved it
            }
        }

        private byte[] download(ChunkRow row) throws IOException {
            try (InputStream in = remote.openBlob(row.ref(lanes), row.offset(), row.stored())) {
                byte[] bytes = in.readNBytes((int) row.stored());
                if (bytes.length != row.stored()) {
                    throw new EOFException("chunk " + row.index() + " of data " + dataId + " is truncated");
                }
                return bytes;
            }
        }

        private OpenedChunk await(Future<OpenedChunk> f) throws IOException {
            return Failures.await(f, "downloading a chunk");
        }
    }
}
