package dev.dos.s3.engine;

import dev.dos.s3.engine.IndexRows.ChunkRow;
import dev.dos.s3.engine.IndexRows.LanePost;
import dev.dos.s3.engine.IndexRows.PartRow;
import dev.dos.s3.engine.IndexRows.PostRow;
import dev.dos.s3.engine.IndexRows.StoredObject;
import dev.dos.s3.engine.IndexRows.StreamRow;
import dev.dos.s3.store.Bucket;
import dev.dos.s3.store.ObjectInfo;
import dev.dos.s3.store.Upload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The local index of one S3 store: buckets, objects, data streams and their chunks, uploads and
 * parts, registered posts, lanes with their journal cursors, and the store's facts (meta). Keys are
 * BLOBs of their UTF-8 bytes, so SQLite's order is S3's listing order. Everything here is derived
 * from the remote (card, checkpoint, journal) except the holder id and the pending posts.
 */
final class S3Index implements AutoCloseable {
    static final int SCHEMA_VERSION = 1;
    /** "dos3" in ASCII: marks the file as an S3 index. */
    static final int APPLICATION_ID = 0x646f7333;

    // meta names
    static final String STORE = "store";
    static final String KEY = "key";
    static final String HOLDER = "holder";
    static final String CARD = "card";
    static final String SEQ = "seq";
    static final String CHECKPOINT_SEQ = "checkpoint_seq";
    static final String CHECKPOINT_ID = "checkpoint_id";
    static final String CHECKPOINT_CHUNKS = "checkpoint_chunks";
    static final String CHECKPOINT_POSTS = "checkpoint_posts";
    static final String DEAD_BYTES = "dead_bytes";

    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS lanes (lane INTEGER PRIMARY KEY, container TEXT NOT NULL, cursor TEXT);
            CREATE TABLE IF NOT EXISTS buckets (name TEXT PRIMARY KEY, created INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS objects (bucket TEXT NOT NULL, key BLOB NOT NULL, size INTEGER NOT NULL,
                etag TEXT NOT NULL, modified INTEGER NOT NULL, version TEXT NOT NULL, meta TEXT NOT NULL,
                PRIMARY KEY (bucket, key)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS object_data (bucket TEXT NOT NULL, key BLOB NOT NULL, position INTEGER NOT NULL,
                data_id TEXT NOT NULL, PRIMARY KEY (bucket, key, position)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS streams (data_id TEXT PRIMARY KEY, size INTEGER NOT NULL,
                chunks INTEGER NOT NULL, refs INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS chunks (data_id TEXT NOT NULL, idx INTEGER NOT NULL, raw INTEGER NOT NULL,
                stored INTEGER NOT NULL, lane INTEGER NOT NULL, post TEXT NOT NULL, blob TEXT NOT NULL,
                offset INTEGER NOT NULL, PRIMARY KEY (data_id, idx)) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS chunks_by_post ON chunks (lane, post);
            CREATE TABLE IF NOT EXISTS posts (lane INTEGER NOT NULL, post TEXT NOT NULL, bytes INTEGER NOT NULL,
                seq INTEGER NOT NULL, PRIMARY KEY (lane, post)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS uploads (id TEXT PRIMARY KEY, bucket TEXT NOT NULL, key BLOB NOT NULL,
                initiated INTEGER NOT NULL, meta TEXT NOT NULL) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS uploads_by_key ON uploads (bucket, key, initiated);
            CREATE TABLE IF NOT EXISTS parts (upload TEXT NOT NULL, number INTEGER NOT NULL, size INTEGER NOT NULL,
                etag TEXT NOT NULL, modified INTEGER NOT NULL, data_id TEXT NOT NULL,
                PRIMARY KEY (upload, number)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS pending (lane INTEGER NOT NULL, post TEXT NOT NULL,
                PRIMARY KEY (lane, post)) WITHOUT ROWID;
            """;

    /** Tables holding what the remote says; a rebuild empties them. */
    private static final List<String> DERIVED = List.of("lanes", "buckets", "objects", "object_data", "streams",
            "chunks", "posts", "uploads", "parts");

    private final Db db;

    private S3Index(Db db) {
        this.db = db;
    }

    static S3Index open(Path file) throws IOException {
        Db db = Db.open(file);
        try {
            db.write(c -> {
                int version = pragma(c, "user_version");
                int app = pragma(c, "application_id");
                boolean fresh = version == 0 && app == 0;
                if (!fresh && app != APPLICATION_ID) {
                    throw new IOException(file + " is an SQLite file, but not a dos S3 index");
                }
                if (version > SCHEMA_VERSION) {
                    throw new IOException("the S3 index " + file + " has schema version " + version
                            + ", newer than this dos understands (" + SCHEMA_VERSION + ")");
                }
                try (Statement s = c.createStatement()) {
                    for (String sql : SCHEMA.split(";")) {
                        if (!sql.isBlank()) {
                            s.execute(sql);
                        }
                    }
                    s.execute("PRAGMA user_version = " + SCHEMA_VERSION);
                    s.execute("PRAGMA application_id = " + APPLICATION_ID);
                }
                return null;
            });
            return new S3Index(db);
        } catch (IOException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    Db db() {
        return db;
    }

    @Override
    public void close() {
        db.close();
    }

    // ---- the store's facts ---------------------------------------------------------------

    /** What the index knows about its store. */
    record StoreState(String storeId, String cardId, long seq, long checkpointSeq, String checkpointId,
                      int checkpointChunks, List<LanePost> checkpointPosts, List<String> lanes,
                      List<String> cursors, long deadBytes) {
        StoreState {
            checkpointPosts = List.copyOf(checkpointPosts);
            lanes = List.copyOf(lanes);
            cursors = java.util.Collections.unmodifiableList(new ArrayList<>(cursors));
        }
    }

    StoreState state() throws IOException {
        return db.read(S3Index::state);
    }

    static StoreState state(Connection c) throws SQLException {
        List<String> lanes = new ArrayList<>();
        List<String> cursors = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT container, cursor FROM lanes ORDER BY lane")) {
            while (r.next()) {
                lanes.add(r.getString(1));
                cursors.add(r.getString(2));
            }
        }
        String posts = meta(c, CHECKPOINT_POSTS).orElse("");
        List<LanePost> checkpointPosts = posts.isEmpty() ? List.of()
                : Arrays.stream(posts.split(",")).map(LanePost::parse).toList();
        return new StoreState(meta(c, STORE).orElse(null), meta(c, CARD).orElse(null), number(c, SEQ),
                number(c, CHECKPOINT_SEQ), meta(c, CHECKPOINT_ID).orElse(null), (int) number(c, CHECKPOINT_CHUNKS),
                checkpointPosts, lanes, cursors, number(c, DEAD_BYTES));
    }

    Optional<String> meta(String name) throws IOException {
        return db.read(c -> meta(c, name));
    }

    static Optional<String> meta(Connection c, String name) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT value FROM meta WHERE name = ?")) {
            p.setString(1, name);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        }
    }

    static long number(Connection c, String name) throws SQLException {
        return meta(c, name).map(Long::parseLong).orElse(0L);
    }

    static void setMeta(Connection c, String name, Object value) throws SQLException {
        if (value == null) {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM meta WHERE name = ?")) {
                p.setString(1, name);
                p.executeUpdate();
            }
            return;
        }
        try (PreparedStatement p = c.prepareStatement("INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)")) {
            p.setString(1, name);
            p.setString(2, value.toString());
            p.executeUpdate();
        }
    }

    static void addToMeta(Connection c, String name, long delta) throws SQLException {
        setMeta(c, name, number(c, name) + delta);
    }

    static void setLanes(Connection c, List<String> containers, List<String> cursors) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DELETE FROM lanes");
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO lanes (lane, container, cursor) VALUES (?, ?, ?)")) {
            for (int k = 0; k < containers.size(); k++) {
                p.setInt(1, k);
                p.setString(2, containers.get(k));
                p.setString(3, k < cursors.size() ? cursors.get(k) : null);
                p.executeUpdate();
            }
        }
    }

    static void setCursor(Connection c, int lane, String postId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE lanes SET cursor = ? WHERE lane = ?")) {
            p.setString(1, postId);
            p.setInt(2, lane);
            p.executeUpdate();
        }
    }

    /** Empties everything derived from the remote, before a rebuild. */
    static void wipe(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String table : DERIVED) {
                s.execute("DELETE FROM " + table);
            }
        }
        for (String name : List.of(STORE, CARD, SEQ, CHECKPOINT_SEQ, CHECKPOINT_ID, CHECKPOINT_CHUNKS,
                CHECKPOINT_POSTS, DEAD_BYTES)) {
            setMeta(c, name, null);
        }
    }

    // ---- buckets and objects -------------------------------------------------------------

    List<Bucket> buckets() throws IOException {
        return db.read(c -> {
            List<Bucket> out = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT name, created FROM buckets ORDER BY name")) {
                while (r.next()) {
                    out.add(new Bucket(r.getString(1), Instant.ofEpochMilli(r.getLong(2))));
                }
            }
            return out;
        });
    }

    /** Buckets, objects and their bytes, for {@code dos sync}'s summary line. */
    DiscordObjectStore.Totals totals() throws IOException {
        return db.read(c -> {
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT (SELECT count(*) FROM buckets), count(*), coalesce(sum(size), 0)"
                         + " FROM objects")) {
                r.next();
                return new DiscordObjectStore.Totals(r.getLong(1), r.getLong(2), r.getLong(3));
            }
        });
    }

    Optional<Bucket> bucket(String name) throws IOException {
        return db.read(c -> bucket(c, name));
    }

    static Optional<Bucket> bucket(Connection c, String name) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT created FROM buckets WHERE name = ?")) {
            p.setString(1, name);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(new Bucket(name, Instant.ofEpochMilli(r.getLong(1)))) : Optional.empty();
            }
        }
    }

    Optional<StoredObject> object(String bucket, String key) throws IOException {
        return db.read(c -> object(c, bucket, key));
    }

    static Optional<StoredObject> object(Connection c, String bucket, String key) throws SQLException, IOException {
        ObjectInfo info;
        try (PreparedStatement p = c.prepareStatement(
                "SELECT size, etag, modified, version, meta FROM objects WHERE bucket = ? AND key = ?")) {
            p.setString(1, bucket);
            p.setBytes(2, utf8(key));
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                info = new ObjectInfo(bucket, key, r.getLong(1), r.getString(2), Instant.ofEpochMilli(r.getLong(3)),
                        JournalCodec.parseMeta(r.getString(5)), r.getString(4));
            }
        }
        List<StreamRow> streams = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT d.data_id, s.size, s.chunks FROM object_data d"
                + " JOIN streams s ON s.data_id = d.data_id WHERE d.bucket = ? AND d.key = ? ORDER BY d.position")) {
            p.setString(1, bucket);
            p.setBytes(2, utf8(key));
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    streams.add(new StreamRow(r.getString(1), r.getLong(2), r.getInt(3)));
                }
            }
        }
        return Optional.of(new StoredObject(info, streams));
    }

    List<ObjectInfo> list(String bucket, String prefix, String after, int limit) throws IOException {
        return db.read(c -> {
            byte[] low = utf8(prefix);
            byte[] high = upperBound(low);
            byte[] afterKey = after == null ? null : utf8(after);
            StringBuilder sql = new StringBuilder("SELECT key, size, etag, modified, version, meta FROM objects"
                    + " WHERE bucket = ? AND key >= ?");
            if (high != null) {
                sql.append(" AND key < ?");
            }
            if (afterKey != null) {
                sql.append(" AND key > ?");
            }
            sql.append(" ORDER BY key LIMIT ?");
            List<ObjectInfo> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(sql.toString())) {
                int i = 1;
                p.setString(i++, bucket);
                p.setBytes(i++, low);
                if (high != null) {
                    p.setBytes(i++, high);
                }
                if (afterKey != null) {
                    p.setBytes(i++, afterKey);
                }
                p.setInt(i, Math.max(0, limit));
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(new ObjectInfo(bucket, new String(r.getBytes(1), StandardCharsets.UTF_8), r.getLong(2),
                                r.getString(3), Instant.ofEpochMilli(r.getLong(4)),
                                JournalCodec.parseMeta(r.getString(6)), r.getString(5)));
                    }
                }
            }
            return out;
        });
    }

    /** The smallest byte string above every string starting with {@code prefix}; null if none. */
    static byte[] upperBound(byte[] prefix) {
        byte[] high = prefix.clone();
        for (int i = high.length - 1; i >= 0; i--) {
            if ((high[i] & 0xff) != 0xff) {
                high[i]++;
                return Arrays.copyOf(high, i + 1);
            }
        }
        return null;
    }

    // ---- uploads -------------------------------------------------------------------------

    Optional<Upload> upload(String id) throws IOException {
        return db.read(c -> upload(c, id));
    }

    static Optional<Upload> upload(Connection c, String id) throws SQLException, IOException {
        try (PreparedStatement p = c.prepareStatement("SELECT bucket, key, initiated, meta FROM uploads WHERE id = ?")) {
            p.setString(1, id);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Upload(id, r.getString(1), new String(r.getBytes(2), StandardCharsets.UTF_8),
                        Instant.ofEpochMilli(r.getLong(3)), JournalCodec.parseMeta(r.getString(4))));
            }
        }
    }

    List<Upload> uploads(String bucket, String prefix) throws IOException {
        return db.read(c -> {
            byte[] low = utf8(prefix);
            byte[] high = upperBound(low);
            String sql = "SELECT id, key, initiated, meta FROM uploads WHERE bucket = ? AND key >= ?"
                    + (high != null ? " AND key < ?" : "") + " ORDER BY key, initiated, id";
            List<Upload> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(sql)) {
                p.setString(1, bucket);
                p.setBytes(2, low);
                if (high != null) {
                    p.setBytes(3, high);
                }
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(new Upload(r.getString(1), bucket, new String(r.getBytes(2), StandardCharsets.UTF_8),
                                Instant.ofEpochMilli(r.getLong(3)), JournalCodec.parseMeta(r.getString(4))));
                    }
                }
            }
            return out;
        });
    }

    List<PartRow> parts(String uploadId) throws IOException {
        return db.read(c -> parts(c, uploadId));
    }

    static List<PartRow> parts(Connection c, String uploadId) throws SQLException {
        List<PartRow> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(
                "SELECT number, size, etag, modified, data_id FROM parts WHERE upload = ? ORDER BY number")) {
            p.setString(1, uploadId);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new PartRow(r.getInt(1), r.getLong(2), r.getString(3), r.getLong(4), r.getString(5)));
                }
            }
        }
        return out;
    }

    // ---- streams, chunks and posts -------------------------------------------------------

    List<ChunkRow> chunks(String dataId) throws IOException {
        return db.read(c -> chunks(c, dataId));
    }

    static List<ChunkRow> chunks(Connection c, String dataId) throws SQLException {
        List<ChunkRow> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT idx, raw, stored, lane, post, blob, offset FROM chunks"
                + " WHERE data_id = ? ORDER BY idx")) {
            p.setString(1, dataId);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new ChunkRow(dataId, r.getInt(1), r.getLong(2), r.getLong(3), r.getInt(4), r.getString(5),
                            r.getString(6), r.getLong(7)));
                }
            }
        }
        return out;
    }

    Optional<ChunkRow> chunk(String dataId, int index) throws IOException {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT raw, stored, lane, post, blob, offset FROM chunks"
                    + " WHERE data_id = ? AND idx = ?")) {
                p.setString(1, dataId);
                p.setInt(2, index);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(new ChunkRow(dataId, index, r.getLong(1), r.getLong(2), r.getInt(3),
                            r.getString(4), r.getString(5), r.getLong(6))) : Optional.empty();
                }
            }
        });
    }

    /** Every registered post with its live bytes (the chunks of live streams it holds). */
    List<PostRow> posts() throws IOException {
        return db.read(c -> {
            List<PostRow> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                    "SELECT p.lane, p.post, p.bytes, p.seq, (SELECT COALESCE(SUM(k.stored), 0) FROM chunks k"
                            + " WHERE k.lane = p.lane AND k.post = p.post) FROM posts p ORDER BY p.lane, p.post")) {
                while (r.next()) {
                    out.add(new PostRow(r.getInt(1), r.getString(2), r.getLong(3), r.getLong(4), r.getLong(5)));
                }
            }
            return out;
        });
    }

    /** The live chunks stored in one post. */
    List<ChunkRow> chunksIn(int lane, String postId) throws IOException {
        return db.read(c -> {
            List<ChunkRow> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT data_id, idx, raw, stored, blob, offset FROM chunks"
                    + " WHERE lane = ? AND post = ? ORDER BY blob, offset")) {
                p.setInt(1, lane);
                p.setString(2, postId);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(new ChunkRow(r.getString(1), r.getInt(2), r.getLong(3), r.getLong(4), lane, postId,
                                r.getString(5), r.getLong(6)));
                    }
                }
            }
            return out;
        });
    }

    static void forgetPost(Connection c, int lane, String postId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM posts WHERE lane = ? AND post = ?")) {
            p.setInt(1, lane);
            p.setString(2, postId);
            p.executeUpdate();
        }
    }

    // ---- pending posts: posted, not yet referenced by a record ------------------------------

    void addPending(int lane, String postId) throws IOException {
        db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT OR IGNORE INTO pending (lane, post) VALUES (?, ?)")) {
                p.setInt(1, lane);
                p.setString(2, postId);
                p.executeUpdate();
            }
            return null;
        });
    }

    void removePending(List<LanePost> posts) throws IOException {
        db.write(c -> {
            removePending(c, posts);
            return null;
        });
    }

    static void removePending(Connection c, List<LanePost> posts) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM pending WHERE lane = ? AND post = ?")) {
            for (LanePost post : posts) {
                p.setInt(1, post.lane());
                p.setString(2, post.postId());
                p.executeUpdate();
            }
        }
    }

    /** Pending posts that no record registered: leftovers of uploads that never committed. */
    List<LanePost> orphans() throws IOException {
        return db.read(c -> {
            List<LanePost> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT q.lane, q.post FROM pending q"
                    + " WHERE NOT EXISTS (SELECT 1 FROM posts p WHERE p.lane = q.lane AND p.post = q.post)")) {
                while (r.next()) {
                    out.add(new LanePost(r.getInt(1), r.getString(2)));
                }
            }
            return out;
        });
    }

    // ---- helpers -------------------------------------------------------------------------

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static int pragma(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA " + name)) {
            return r.next() ? r.getInt(1) : 0;
        }
    }
}
