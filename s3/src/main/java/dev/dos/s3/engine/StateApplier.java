package dev.dos.s3.engine;

import dev.dos.s3.engine.IndexRows.LanePost;
import dev.dos.s3.store.S3Error;
import dev.dos.s3.store.S3Exception;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies journal entries to the index, inside the caller's transaction (docs/FORMAT.md section
 * 16.4, "Applying"). One instance applies one record (or one checkpoint): it remembers the streams
 * the record created, so that those still unreferenced at its end die, and the bytes that died.
 *
 * <p>Every entry is checked against the state first; a change S3 refuses is an
 * {@link S3Exception} with its code, and changes nothing.
 */
final class StateApplier {
    private final Connection c;
    private final int postLane;
    private final String postId;
    private final List<String> blobIds;
    private final Set<String> created = new LinkedHashSet<>();
    private long deadBytes;

    /**
     * @param postLane lane of the post carrying the record (-1 for a checkpoint: no "this post")
     * @param postId   that post's id
     * @param blobIds  its blobs' ids, in order
     */
    StateApplier(Connection c, int postLane, String postId, List<String> blobIds) {
        this.c = c;
        this.postLane = postLane;
        this.postId = postId;
        this.blobIds = List.copyOf(blobIds);
    }

    static StateApplier forCheckpoint(Connection c) {
        return new StateApplier(c, -1, null, List.of());
    }

    void apply(JournalEntry entry) throws IOException, SQLException {
        switch (entry) {
            case JournalEntry.BucketCreate e -> createBucket(e);
            case JournalEntry.BucketDelete e -> deleteBucket(e.bucket());
            case JournalEntry.PostEntry e -> registerPost(e);
            case JournalEntry.Data e -> addData(e);
            case JournalEntry.Put e -> put(e);
            case JournalEntry.Delete e -> deleteObject(e.bucket(), e.key());
            case JournalEntry.UploadStart e -> startUpload(e);
            case JournalEntry.Part e -> putPart(e);
            case JournalEntry.Abort e -> abort(e.uploadId());
            case JournalEntry.Move e -> move(e);
        }
    }

    /** Ends the record: streams it created that nothing refers to are dead. Returns the bytes that died. */
    long finish() throws SQLException {
        for (String dataId : created) {
            if (refs(dataId) == 0) {
                kill(dataId);
            }
        }
        created.clear();
        if (deadBytes != 0) {
            S3Index.addToMeta(c, S3Index.DEAD_BYTES, deadBytes);
        }
        long dead = deadBytes;
        deadBytes = 0;
        return dead;
    }

    // ---- buckets -------------------------------------------------------------------------

    private void createBucket(JournalEntry.BucketCreate e) throws SQLException, S3Exception {
        if (S3Index.bucket(c, e.bucket()).isPresent()) {
            throw new S3Exception(S3Error.BUCKET_ALREADY_OWNED_BY_YOU);
        }
        update("INSERT INTO buckets (name, created) VALUES (?, ?)", e.bucket(), e.at());
    }

    private void deleteBucket(String bucket) throws SQLException, S3Exception {
        requireBucket(bucket);
        if (exists("SELECT 1 FROM objects WHERE bucket = ? LIMIT 1", bucket)
                || exists("SELECT 1 FROM uploads WHERE bucket = ? LIMIT 1", bucket)) {
            throw new S3Exception(S3Error.BUCKET_NOT_EMPTY);
        }
        update("DELETE FROM buckets WHERE name = ?", bucket);
    }

    // ---- posts and data ------------------------------------------------------------------

    private void registerPost(JournalEntry.PostEntry e) throws SQLException {
        update("INSERT OR IGNORE INTO posts (lane, post, bytes, seq) VALUES (?, ?, ?, ?)", e.lane(), e.postId(),
                e.bytes(), e.seq());
        S3Index.removePending(c, List.of(new LanePost(e.lane(), e.postId())));
    }

    private void addData(JournalEntry.Data e) throws SQLException, IOException {
        if (exists("SELECT 1 FROM streams WHERE data_id = ?", e.dataId())) {
            throw new IOException("data stream " + e.dataId() + " is recorded twice");
        }
        update("INSERT INTO streams (data_id, size, chunks, refs) VALUES (?, ?, ?, 0)", e.dataId(), e.size(),
                e.chunks().size());
        for (int i = 0; i < e.chunks().size(); i++) {
            ChunkLoc loc = resolve(e.chunks().get(i));
            update("INSERT INTO chunks (data_id, idx, raw, stored, lane, post, blob, offset) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    e.dataId(), i, loc.raw(), loc.stored(), loc.lane(), loc.postId(), loc.blobId(), loc.offset());
        }
        created.add(e.dataId());
    }

    private void move(JournalEntry.Move e) throws SQLException {
        ChunkLoc loc = resolve(e.loc());
        update("UPDATE chunks SET lane = ?, post = ?, blob = ?, offset = ? WHERE data_id = ? AND idx = ?"
                + " AND stored = ?", loc.lane(), loc.postId(), loc.blobId(), loc.offset(), e.dataId(), e.index(),
                loc.stored());
    }

    private ChunkLoc resolve(ChunkLoc loc) throws SQLException {
        if (loc.inThisPost() && postId == null) {
            throw new SQLException("a checkpoint's location must name its post");
        }
        return loc.resolve(postLane, postId, blobIds);
    }

    // ---- objects -------------------------------------------------------------------------

    private void put(JournalEntry.Put e) throws SQLException, IOException {
        requireBucket(e.bucket());
        long total = 0;
        for (String dataId : e.dataIds()) {
            long size = streamSize(dataId);
            if (size < 0) {
                throw new S3Exception(S3Error.NO_SUCH_KEY, "the data of the object is gone");
            }
            total += size;
        }
        if (total != e.size()) {
            throw new IOException("object " + e.key() + " declares " + e.size() + " bytes, its data has " + total);
        }
        for (String dataId : e.dataIds()) {
            addRef(dataId, 1);
        }
        byte[] key = S3Index.utf8(e.key());
        List<String> old = objectData(e.bucket(), key);
        update("DELETE FROM object_data WHERE bucket = ? AND key = ?", e.bucket(), key);
        update("INSERT OR REPLACE INTO objects (bucket, key, size, etag, modified, version, meta)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", e.bucket(), key, e.size(), e.etag(), e.at(), e.version(),
                JournalCodec.metaJson(e.meta()));
        for (int i = 0; i < e.dataIds().size(); i++) {
            update("INSERT INTO object_data (bucket, key, position, data_id) VALUES (?, ?, ?, ?)", e.bucket(), key, i,
                    e.dataIds().get(i));
        }
        for (String dataId : old) {
            release(dataId);
        }
    }

    private void deleteObject(String bucket, String key) throws SQLException, S3Exception {
        requireBucket(bucket);
        byte[] k = S3Index.utf8(key);
        List<String> old = objectData(bucket, k);
        update("DELETE FROM object_data WHERE bucket = ? AND key = ?", bucket, k);
        update("DELETE FROM objects WHERE bucket = ? AND key = ?", bucket, k);
        for (String dataId : old) {
            release(dataId);
        }
    }

    // ---- uploads -------------------------------------------------------------------------

    private void startUpload(JournalEntry.UploadStart e) throws SQLException, S3Exception {
        requireBucket(e.bucket());
        update("INSERT INTO uploads (id, bucket, key, initiated, meta) VALUES (?, ?, ?, ?, ?)", e.uploadId(),
                e.bucket(), S3Index.utf8(e.key()), e.at(), JournalCodec.metaJson(e.meta()));
    }

    private void putPart(JournalEntry.Part e) throws SQLException, IOException {
        requireUpload(e.uploadId());
        long size = streamSize(e.dataId());
        if (size != e.size()) {
            throw new IOException("part " + e.number() + " declares " + e.size() + " bytes, its data has " + size);
        }
        addRef(e.dataId(), 1);
        String old = null;
        try (PreparedStatement p = c.prepareStatement("SELECT data_id FROM parts WHERE upload = ? AND number = ?")) {
            p.setString(1, e.uploadId());
            p.setInt(2, e.number());
            try (ResultSet r = p.executeQuery()) {
                if (r.next()) {
                    old = r.getString(1);
                }
            }
        }
        update("INSERT OR REPLACE INTO parts (upload, number, size, etag, modified, data_id) VALUES (?, ?, ?, ?, ?, ?)",
                e.uploadId(), e.number(), e.size(), e.etag(), e.at(), e.dataId());
        if (old != null) {
            release(old);
        }
    }

    private void abort(String uploadId) throws SQLException, S3Exception {
        requireUpload(uploadId);
        List<String> data = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT data_id FROM parts WHERE upload = ?")) {
            p.setString(1, uploadId);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    data.add(r.getString(1));
                }
            }
        }
        update("DELETE FROM parts WHERE upload = ?", uploadId);
        update("DELETE FROM uploads WHERE id = ?", uploadId);
        for (String dataId : data) {
            release(dataId);
        }
    }

    // ---- reference counting --------------------------------------------------------------

    private void release(String dataId) throws SQLException {
        addRef(dataId, -1);
        if (refs(dataId) <= 0) {
            kill(dataId);
        }
    }

    private void kill(String dataId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT COALESCE(SUM(stored), 0) FROM chunks WHERE data_id = ?")) {
            p.setString(1, dataId);
            try (ResultSet r = p.executeQuery()) {
                deadBytes += r.next() ? r.getLong(1) : 0;
            }
        }
        update("DELETE FROM chunks WHERE data_id = ?", dataId);
        update("DELETE FROM streams WHERE data_id = ?", dataId);
        created.remove(dataId);
    }

    private void addRef(String dataId, int delta) throws SQLException {
        update("UPDATE streams SET refs = refs + ? WHERE data_id = ?", delta, dataId);
    }

    private int refs(String dataId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT refs FROM streams WHERE data_id = ?")) {
            p.setString(1, dataId);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getInt(1) : -1;
            }
        }
    }

    private long streamSize(String dataId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT size FROM streams WHERE data_id = ?")) {
            p.setString(1, dataId);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getLong(1) : -1;
            }
        }
    }

    private List<String> objectData(String bucket, byte[] key) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(
                "SELECT data_id FROM object_data WHERE bucket = ? AND key = ? ORDER BY position")) {
            p.setString(1, bucket);
            p.setBytes(2, key);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
        }
        return out;
    }

    // ---- checks and SQL ------------------------------------------------------------------

    private void requireBucket(String bucket) throws SQLException, S3Exception {
        if (S3Index.bucket(c, bucket).isEmpty()) {
            throw new S3Exception(S3Error.NO_SUCH_BUCKET);
        }
    }

    private void requireUpload(String uploadId) throws SQLException, S3Exception {
        if (!exists("SELECT 1 FROM uploads WHERE id = ?", uploadId)) {
            throw new S3Exception(S3Error.NO_SUCH_UPLOAD);
        }
    }

    private boolean exists(String sql, Object... args) throws SQLException {
        try (PreparedStatement p = prepare(sql, args); ResultSet r = p.executeQuery()) {
            return r.next();
        }
    }

    private void update(String sql, Object... args) throws SQLException {
        try (PreparedStatement p = prepare(sql, args)) {
            p.executeUpdate();
        }
    }

    private PreparedStatement prepare(String sql, Object... args) throws SQLException {
        PreparedStatement p = c.prepareStatement(sql);
        try {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            return p;
        } catch (SQLException e) {
            p.close();
            throw e;
        }
    }
}
