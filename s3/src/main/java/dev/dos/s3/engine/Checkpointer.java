package dev.dos.s3.engine;

import dev.dos.core.compress.Compression;
import dev.dos.core.crypto.KeyPurpose;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.crypto.StreamKey;
import dev.dos.core.format.BatchId;
import dev.dos.core.format.ChunkReader;
import dev.dos.core.format.ChunkTarget;
import dev.dos.core.format.ChunkWriter;
import dev.dos.core.format.StreamPosition;
import dev.dos.core.remote.Blob;
import dev.dos.core.remote.BlobRef;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.StorageRemote;
import dev.dos.s3.engine.IndexRows.LanePost;
import dev.dos.s3.store.ObjectMeta;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;

/**
 * Writes and reads checkpoints (docs/FORMAT.md section 16.6): the whole state at one seq, as a
 * sealed stream of JSON lines posted in checkpoint posts. Writing reads one SQLite snapshot on a
 * connection of its own, so commits go on meanwhile; reading streams the entries to a consumer.
 */
final class Checkpointer {
    private final StorageRemote remote;
    private final MasterKey key;
    private final S3Index index;
    private final LanePoster poster;
    private final ChunkTarget target;
    private final int chunksPerPost;
    private final Clock clock;

    Checkpointer(StorageRemote remote, MasterKey key, S3Index index, LanePoster poster, ChunkTarget target,
                 int chunksPerPost, Clock clock) {
        this.remote = remote;
        this.key = key;
        this.index = index;
        this.poster = poster;
        this.target = target;
        this.chunksPerPost = chunksPerPost;
        this.clock = clock;
    }

    /** A checkpoint as posted. */
    record Written(long seq, String checkpointId, int chunks, List<LanePost> posts) {
    }

    /** Writes a checkpoint of the state as it is now committed. */
    Written write() throws IOException {
        try (Connection c = index.db().openDedicated()) {
            try (Statement s = c.createStatement()) {
                s.execute("BEGIN DEFERRED");
            }
            try {
                return write(c);
            } finally {
                try (Statement s = c.createStatement()) {
                    s.execute("ROLLBACK");
                }
            }
        } catch (SQLException e) {
            throw new IOException("reading the S3 index for a checkpoint failed: " + e.getMessage(), e);
        }
    }

    private Written write(Connection c) throws SQLException, IOException {
        S3Index.StoreState state = S3Index.state(c);
        String id = BatchId.random().hex();
        StreamKey streamKey = key.streamKey(KeyPurpose.S3_JOURNAL, BatchId.parse(id).bytes());
        List<String> lanes = state.lanes();
        DataPoster sink = new DataPoster(poster, remote, lanes, i -> S3Names.checkpointChunk(id, i), chunksPerPost);
        ChunkWriter writer = new ChunkWriter(streamKey, Compression.DEFAULT, target, sink);
        boolean done = false;
        try {
            OutputStream out = new BufferedOutputStream(writer, 256 * 1024);
            JournalCodec.writeHeader(out, new JournalCodec.Header(JournalCodec.CHECKPOINT, state.storeId(), state.seq(),
                    clock.millis(), lanes, state.cursors()));
            writeEntries(c, out);
            out.flush();
            writer.close();
            DataPoster.Result posted = sink.finish();
            done = true;
            List<LanePost> posts = posted.posts().stream().map(p -> new LanePost(p.lane(), p.postId())).toList();
            return new Written(state.seq(), id, posted.chunks().size(), posts);
        } finally {
            if (!done) {
                writer.abort();
                sink.abort(index);
            }
        }
    }

    private static void writeEntries(Connection c, OutputStream out) throws SQLException, IOException {
        try (Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT lane, post, bytes, seq FROM posts ORDER BY lane, post")) {
                while (r.next()) {
                    JournalCodec.writeEntry(out, new JournalEntry.PostEntry(r.getInt(1), r.getString(2), r.getLong(3),
                            r.getLong(4)));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT name, created FROM buckets ORDER BY name")) {
                while (r.next()) {
                    JournalCodec.writeEntry(out, new JournalEntry.BucketCreate(r.getString(1), r.getLong(2)));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT data_id, raw, stored, lane, post, blob, offset FROM chunks"
                    + " ORDER BY data_id, idx")) {
                String current = null;
                List<ChunkLoc> chunks = new ArrayList<>();
                while (r.next()) {
                    if (current != null && !current.equals(r.getString(1))) {
                        JournalCodec.writeEntry(out, new JournalEntry.Data(current, chunks));
                        chunks = new ArrayList<>();
                    }
                    current = r.getString(1);
                    chunks.add(ChunkLoc.at(r.getLong(2), r.getLong(3), r.getInt(4), r.getString(5), r.getString(6),
                            r.getLong(7)));
                }
                if (current != null) {
                    JournalCodec.writeEntry(out, new JournalEntry.Data(current, chunks));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT o.bucket, o.key, o.size, o.etag, o.modified, o.version, o.meta,"
                    + " d.data_id FROM objects o JOIN object_data d ON d.bucket = o.bucket AND d.key = o.key"
                    + " ORDER BY o.bucket, o.key, d.position")) {
                PutBuilder put = null;
                while (r.next()) {
                    String bucket = r.getString(1);
                    byte[] k = r.getBytes(2);
                    if (put == null || !put.is(bucket, k)) {
                        if (put != null) {
                            JournalCodec.writeEntry(out, put.build());
                        }
                        put = new PutBuilder(bucket, k, r.getLong(3), r.getString(4), r.getLong(5), r.getString(6),
                                JournalCodec.parseMeta(r.getString(7)));
                    }
                    put.data.add(r.getString(8));
                }
                if (put != null) {
                    JournalCodec.writeEntry(out, put.build());
                }
            }
            try (ResultSet r = s.executeQuery("SELECT id, bucket, key, initiated, meta FROM uploads ORDER BY id")) {
                while (r.next()) {
                    JournalCodec.writeEntry(out, new JournalEntry.UploadStart(r.getString(1), r.getString(2),
                            new String(r.getBytes(3), StandardCharsets.UTF_8), r.getLong(4),
                            JournalCodec.parseMeta(r.getString(5))));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT upload, number, size, etag, modified, data_id FROM parts"
                    + " ORDER BY upload, number")) {
                while (r.next()) {
                    JournalCodec.writeEntry(out, new JournalEntry.Part(r.getString(1), r.getInt(2), r.getLong(3),
                            r.getString(4), r.getLong(5), r.getString(6)));
                }
            }
        }
    }

    /** One object's row and its data ids, gathered from the join. */
    private static final class PutBuilder {
        final String bucket;
        final byte[] key;
        final long size;
        final String etag;
        final long modified;
        final String version;
        final ObjectMeta meta;
        final List<String> data = new ArrayList<>();

        PutBuilder(String bucket, byte[] key, long size, String etag, long modified, String version, ObjectMeta meta) {
            this.bucket = bucket;
            this.key = key;
            this.size = size;
            this.etag = etag;
            this.modified = modified;
            this.version = version;
            this.meta = meta;
        }

        boolean is(String b, byte[] k) {
            return bucket.equals(b) && java.util.Arrays.equals(key, k);
        }

        JournalEntry.Put build() {
            return new JournalEntry.Put(bucket, new String(key, StandardCharsets.UTF_8), size, etag, modified, version,
                    meta, data);
        }
    }

    // ---- reading ---------------------------------------------------------------------------

    /** What reading a checkpoint hands over, line by line. */
    interface Reader {
        void header(JournalCodec.Header header) throws IOException, SQLException;

        void entry(JournalEntry entry) throws IOException, SQLException;
    }

    /** Reads the checkpoint a card points to: its posts (one request each), then its chunks in order. */
    void read(StoreCard card, Reader reader) throws IOException, SQLException {
        List<BlobRef> refs = new ArrayList<>();
        List<int[]> order = new ArrayList<>();
        for (LanePost lp : card.checkpointPosts()) {
            Post post = remote.getPost(card.lanes().get(lp.lane()), lp.postId()).orElseThrow(() ->
                    new RemoteException.NotFound("checkpoint post " + lp + " of the S3 store is gone"));
            if (!post.ours()) {
                throw new IOException("checkpoint post " + lp + " was not made by our bot");
            }
            for (Blob blob : post.blobs()) {
                OptionalInt i = S3Names.checkpointIndex(card.checkpointId(), blob.name());
                if (i.isPresent()) {
                    order.add(new int[] {i.getAsInt(), refs.size()});
                    refs.add(blob.ref());
                }
            }
        }
        order.sort(Comparator.comparingInt(o -> o[0]));
        if (order.size() != card.checkpointChunks()) {
            throw new IOException("the checkpoint has " + order.size() + " of its " + card.checkpointChunks()
                    + " chunks");
        }
        List<BlobRef> chunks = order.stream().map(o -> refs.get(o[1])).toList();
        remote.expectReads(chunks);
        StreamKey streamKey = key.streamKey(KeyPurpose.S3_JOURNAL, BatchId.parse(card.checkpointId()).bytes());
        try (InputStream in = new ChunkReader(streamKey, i -> remote.openBlob(chunks.get(i)), StreamPosition.START,
                chunks.size());
             BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 256 * 1024)) {
            String first = lines.readLine();
            if (first == null) {
                throw new IOException("the checkpoint is empty");
            }
            reader.header(JournalCodec.parseHeader(first));
            for (String line; (line = lines.readLine()) != null; ) {
                if (!line.isEmpty()) {
                    reader.entry(JournalCodec.parseEntry(line));
                }
            }
        }
    }
}
