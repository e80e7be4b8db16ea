package dev.dos.core.backup;

import dev.dos.core.config.OwnerOnly;
import dev.dos.core.format.IntegrityException;
import dev.dos.core.meta.SettingKeys;
import dev.dos.core.meta.SqliteMetadataStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Checks that a decrypted backup is a dos index this code can use, without changing it: its
 * SQLite header must show a schema (an empty file would otherwise open as a fresh, empty index),
 * and a scratch copy must open as a {@link SqliteMetadataStore} (which refuses foreign and newer
 * databases) and answer a query over every batch.
 */
final class DatabaseCheck {
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final int SQLITE_HEADER_BYTES = 100;
    /** Offset of PRAGMA user_version in the database header (sqlite.org/fileformat.html). */
    private static final int USER_VERSION_OFFSET = 60;

    /** {@code snapshotAt}: the backup date the snapshot itself carries; empty in backups made before it did. */
    record Result(int schemaVersion, long batches, Optional<Instant> snapshotAt) {
    }

    private DatabaseCheck() {
    }

    /**
     * @throws IntegrityException if the file is not a dos index at all
     * @throws dev.dos.core.meta.MetadataException.UnsupportedSchema if it is newer than this dos
     */
    static Result check(Path database, String what) throws IOException {
        byte[] header;
        try (InputStream in = Files.newInputStream(database)) {
            header = in.readNBytes(SQLITE_HEADER_BYTES);
        }
        if (header.length < SQLITE_HEADER_BYTES || !Arrays.equals(header, 0, SQLITE_MAGIC.length, SQLITE_MAGIC, 0,
                SQLITE_MAGIC.length)) {
            throw notAnIndex(what, "decrypts to something that is not an SQLite database");
        }
        int userVersion = ByteBuffer.wrap(header, USER_VERSION_OFFSET, 4).getInt();
        if (userVersion < 1) {
            throw notAnIndex(what, "decrypts to an SQLite database without a dos schema");
        }
        Path scratch = OwnerOnly.createTempFileBeside(database.resolveSibling(database.getFileName() + ".check"));
        try {
            Files.copy(database, scratch, StandardCopyOption.REPLACE_EXISTING);
            try (SqliteMetadataStore store = SqliteMetadataStore.open(scratch)) {
                return new Result(userVersion, store.stats().batches(),
                        store.instantSetting(SettingKeys.SNAPSHOT_FOR_BACKUP_AT));
            }
        } finally {
            for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
                Files.deleteIfExists(scratch.resolveSibling(scratch.getFileName() + suffix));
            }
        }
    }

    private static IntegrityException notAnIndex(String what, String problem) {
        return new IntegrityException(null, -2, IntegrityException.Reason.CONTENT_MISMATCH, what + " " + problem);
    }
}
