package dev.dos.core.meta;

import dev.dos.core.format.ManifestEntry;
import dev.dos.core.remote.BlobRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * {@link MetadataStore} in one SQLite file (WAL mode, foreign keys on, busy timeout). Connections
 * and transactions follow {@link SqliteDatabase}: one writer behind a lock, a pool of readers.
 * The SQL of each table lives in its own class ({@link BatchTable}, {@link ChunkTable}, ...); this
 * class decides what each call does in which transaction.
 */
public final class SqliteMetadataStore implements MetadataStore {

    /** The schema version this code writes; a newer file is refused. */
    public static final int SCHEMA_VERSION = SchemaMigrator.LATEST_VERSION;

    private static final int MAX_READERS = 8;

    private final SqliteDatabase db;
    private final Clock clock;
    private final SharedDatabase shared;

    private SqliteMetadataStore(SqliteDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.shared = new SharedDatabase() {
            @Override
            public <T> T write(String what, SqlWork<T> work) {
                return db.write(what, work::run);
            }

            @Override
            public <T> T read(String what, SqlWork<T> work) {
                return db.read(what, work::run);
            }
        };
    }

    /**
     * Opens the index at {@code file}, creating it (and its directory) if missing and migrating it to
     * {@link #SCHEMA_VERSION}.
     *
     * @throws MetadataException.UnsupportedSchema if the file is newer than this code or not a dos index
     */
    public static SqliteMetadataStore open(Path file) {
        return open(file, Clock.systemUTC());
    }

    /** As {@link #open(Path)}, taking completion times from {@code clock}. */
    public static SqliteMetadataStore open(Path file, Clock clock) {
        SqliteDatabase db = SqliteDatabase.open(file, MAX_READERS);
        try {
            int version = SchemaMigrator.checkUsable(db);
            db.useWriteAheadLog();
            SchemaMigrator.migrate(db, version);
            return new SqliteMetadataStore(db, clock);
        } catch (RuntimeException e) {
            try {
                db.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    // ---- batches ----------------------------------------------------------------------------

    @Override
    public void insertBatch(BatchRecord batch) {
        db.write("inserting batch " + batch.id(), c -> {
            if (BatchTable.pk(c, batch.id()) >= 0) {
                throw new MetadataException.AlreadyExists("batch " + batch.id() + " already exists");
            }
            BatchTable.insert(c, batch);
            return null;
        });
    }

    @Override
    public void updateBatch(BatchRecord batch) {
        db.write("updating batch " + batch.id(), c -> {
            if (!BatchTable.update(c, batch)) {
                throw new MetadataException.NotFound("no batch " + batch.id());
            }
            return null;
        });
    }

    @Override
    public boolean moveBatch(String id, BatchState from, BatchState to) {
        if (!from.canMoveTo(to)) {
            throw new IllegalArgumentException("a batch cannot move from " + from + " to " + to);
        }
        return db.write("moving batch " + id + " to " + to, c -> {
            BatchTable.requirePk(c, id);
            return BatchTable.move(c, id, from, to, clock.instant());
        });
    }

    @Override
    public Optional<BatchRecord> batch(String id) {
        return db.read("reading batch " + id, c -> BatchTable.find(c, id));
    }

    @Override
    public Optional<BatchRecord> findBatchByPrefix(String prefix) {
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("empty batch id prefix");
        }
        String lower = prefix.toLowerCase(Locale.ROOT);
        if (lower.length() > BatchRecord.ID_HEX_DIGITS || !HexIds.isLowerHex(lower)) {
            return Optional.empty();
        }
        return db.read("resolving batch id prefix " + prefix, c -> {
            List<BatchRecord> found = BatchTable.withIdPrefix(c, lower, MetadataException.AmbiguousPrefix.MAX_CANDIDATES);
            if (found.size() > 1) {
                throw new MetadataException.AmbiguousPrefix(prefix, found, BatchTable.countWithIdPrefix(c, lower));
            }
            return found.stream().findFirst();
        });
    }

    @Override
    public Page<BatchRecord> listBatches(BatchQuery query) {
        return db.read("listing batches", c -> BatchTable.list(c, query));
    }

    @Override
    public boolean deleteBatch(String id) {
        return db.write("deleting batch " + id, c -> BatchTable.delete(c, id));
    }

    @Override
    public void saveSource(String batchId, String sourceJson) {
        Objects.requireNonNull(sourceJson, "sourceJson");
        db.write("saving the source of batch " + batchId, c -> {
            BatchDocuments.putSource(c, BatchTable.requirePk(c, batchId), sourceJson);
            return null;
        });
    }

    @Override
    public Optional<String> source(String batchId) {
        return db.read("reading the source of batch " + batchId, c -> BatchDocuments.source(c, batchId));
    }

    @Override
    public void saveManifest(String batchId, byte[] encryptedManifest) {
        Objects.requireNonNull(encryptedManifest, "encryptedManifest");
        db.write("saving the manifest of batch " + batchId, c -> {
            BatchDocuments.putManifest(c, BatchTable.requirePk(c, batchId), encryptedManifest);
            return null;
        });
    }

    @Override
    public Optional<byte[]> manifest(String batchId) {
        return db.read("reading the manifest of batch " + batchId, c -> BatchDocuments.manifest(c, batchId));
    }

    @Override
    public void importBatch(BatchSnapshot snapshot) {
        db.write("importing batch " + snapshot.batch().id(), c -> {
            importInto(c, snapshot);
            return null;
        });
    }

    @Override
    public void importBatches(List<BatchSnapshot> snapshots, Collection<String> deletions) {
        if (snapshots.isEmpty() && deletions.isEmpty()) {
            return;
        }
        db.write("importing " + snapshots.size() + " batches", c -> {
            for (BatchSnapshot snapshot : snapshots) {
                importInto(c, snapshot);
            }
            for (String id : deletions) {
                BatchTable.delete(c, id);
            }
            return null;
        });
    }

    private static void importInto(Connection c, BatchSnapshot snapshot) throws SQLException {
        BatchRecord batch = snapshot.batch();
        if (!BatchTable.update(c, batch)) {
            BatchTable.insert(c, batch);
        }
        long pk = BatchTable.requirePk(c, batch.id());
        ChunkTable.deleteOfBatch(c, pk);
        ChunkTable.upsert(c, pk, snapshot.chunks());
        if (snapshot.encryptedManifest() == null) {
            BatchDocuments.deleteManifest(c, pk);
        } else {
            BatchDocuments.putManifest(c, pk, snapshot.encryptedManifest());
        }
        EntryTable.replace(c, pk, snapshot.entries());
        BatchDocuments.replaceLanes(c, pk, snapshot.lanes());
    }

    @Override
    public void saveLanes(String batchId, List<String> lanes) {
        List<String> copy = List.copyOf(lanes);
        db.write("saving the lanes of batch " + batchId, c -> {
            BatchDocuments.replaceLanes(c, BatchTable.requirePk(c, batchId), copy);
            return null;
        });
    }

    @Override
    public List<String> lanes(String batchId) {
        return db.read("reading the lanes of batch " + batchId, c -> BatchDocuments.lanes(c, batchId));
    }

    // ---- chunks -----------------------------------------------------------------------------

    @Override
    public void putChunks(Collection<ChunkRecord> chunks) {
        Map<String, List<ChunkRecord>> byBatch = chunks.stream()
                .collect(Collectors.groupingBy(ChunkRecord::batchId, LinkedHashMap::new, Collectors.toList()));
        db.write("saving " + chunks.size() + " chunks", c -> {
            for (Map.Entry<String, List<ChunkRecord>> batch : byBatch.entrySet()) {
                ChunkTable.upsert(c, BatchTable.requirePk(c, batch.getKey()), batch.getValue());
            }
            return null;
        });
    }

    @Override
    public void markChunksPosting(String batchId, Collection<Integer> indexes) {
        db.write("journaling chunks " + indexes + " of batch " + batchId + " as posting", c -> {
            long pk = BatchTable.requirePk(c, batchId);
            for (int index : indexes) {
                ChunkTable.move(c, pk, batchId, index, ChunkState.POSTING, null);
            }
            return null;
        });
    }

    @Override
    public void markChunksPosted(String batchId, Map<Integer, BlobRef> refsByIndex) {
        db.write("journaling chunks " + refsByIndex.keySet() + " of batch " + batchId + " as posted", c -> {
            long pk = BatchTable.requirePk(c, batchId);
            for (Map.Entry<Integer, BlobRef> posted : refsByIndex.entrySet()) {
                ChunkTable.move(c, pk, batchId, posted.getKey(), ChunkState.POSTED,
                        Objects.requireNonNull(posted.getValue(), "remote ref"));
            }
            return null;
        });
    }

    @Override
    public List<ChunkRecord> chunks(String batchId) {
        return db.read("reading the chunks of batch " + batchId, c -> ChunkTable.ofBatch(c, batchId));
    }

    // ---- entries ----------------------------------------------------------------------------

    @Override
    public void putEntries(String batchId, Iterable<ManifestEntry> entries) {
        db.write("saving the entries of batch " + batchId, c -> {
            EntryTable.replace(c, BatchTable.requirePk(c, batchId), entries);
            return null;
        });
    }

    @Override
    public void forEachEntry(String batchId, String pathPrefix, Consumer<? super ManifestEntry> action) {
        db.read("reading the entries of batch " + batchId, c -> {
            EntryTable.forEach(c, batchId, pathPrefix, action);
            return null;
        });
    }

    @Override
    public List<EntryLocation> findEntries(String pathPrefix, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1: " + limit);
        }
        return db.read("searching entries under " + pathPrefix, c -> EntryTable.find(c, pathPrefix, limit));
    }

    // ---- totals -----------------------------------------------------------------------------

    @Override
    public StoreStats stats() {
        return db.read("computing totals", c -> BatchTable.stats(c,
                SettingTable.get(c, SettingKeys.LAST_VERIFY_AT).map(v -> SettingKeys.parseInstant(SettingKeys.LAST_VERIFY_AT, v)),
                SettingTable.get(c, SettingKeys.LAST_BACKUP_AT).map(v -> SettingKeys.parseInstant(SettingKeys.LAST_BACKUP_AT, v))));
    }

    @Override
    public List<StatsPoint> statsHistory(int maxPoints) {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("maxPoints must be >= 2: " + maxPoints);
        }
        return db.read("computing the store's history", c -> BatchTable.history(c, maxPoints));
    }

    // ---- settings ---------------------------------------------------------------------------

    @Override
    public Optional<String> setting(String key) {
        return db.read("reading setting " + key, c -> SettingTable.get(c, key));
    }

    @Override
    public void putSetting(String key, String value) {
        Objects.requireNonNull(value, "value");
        db.write("saving setting " + key, c -> {
            SettingTable.put(c, key, value);
            return null;
        });
    }

    @Override
    public boolean removeSetting(String key) {
        return db.write("removing setting " + key, c -> SettingTable.remove(c, key));
    }

    // ---- maintenance ------------------------------------------------------------------------

    /**
     * VACUUM INTO on a connection of its own: it reads one WAL snapshot, so writers (here and in other
     * processes) go on, and it writes a compact file with no WAL to carry along. The snapshot goes to a
     * temporary file beside the target, created owner-only (the index holds file names in clear), and
     * is moved over the target only once complete.
     */
    @Override
    public void backupTo(Path target) {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path temp = null;
        try {
            Files.createDirectories(dir);
            temp = dir.getFileSystem().supportedFileAttributeViews().contains("posix")
                    ? Files.createTempFile(dir, ".dos-backup-", ".tmp",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(dir, ".dos-backup-", ".tmp");
            try (Connection c = db.openDedicated(); PreparedStatement ps = c.prepareStatement("VACUUM INTO ?")) {
                ps.setString(1, temp.toString());
                ps.execute();
            }
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            temp = null;
        } catch (IOException | SQLException e) {
            throw new MetadataException("cannot back up " + db.file() + " to " + absolute + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // Best effort: a leftover dot-file beside the backup is harmless.
                }
            }
        }
    }

    @Override
    public SharedDatabase database() {
        return shared;
    }

    @Override
    public Optional<Path> databaseFile() {
        return Optional.of(db.file());
    }

    @Override
    public int schemaVersion() {
        return db.read("reading the schema version", SchemaMigrator::userVersion);
    }

    @Override
    public void close() {
        db.close();
    }
}
