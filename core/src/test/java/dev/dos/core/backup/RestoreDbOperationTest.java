package dev.dos.core.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dos.core.compress.Compression;
import dev.dos.core.crypto.MasterKey;
import dev.dos.core.crypto.WrongKeyException;
import dev.dos.core.format.BatchId;
import dev.dos.core.format.ChunkTarget;
import dev.dos.core.format.ChunkWriter;
import dev.dos.core.format.IntegrityException;
import dev.dos.core.format.SealedStreams;
import dev.dos.core.meta.MetadataException;
import dev.dos.core.meta.SqliteMetadataStore;
import dev.dos.core.ops.ProgressListener;
import dev.dos.core.ops.Repository;
import dev.dos.core.remote.FaultyRemote;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.RemoteLimits;
import dev.dos.core.remote.StorageRemote;
import dev.dos.core.remote.memory.InMemoryRemote;
import dev.dos.testkit.FakeClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestoreDbOperationTest {
    @TempDir
    Path dir;

    InMemoryRemote memory;
    FaultyRemote remote;
    Path live;
    SqliteMetadataStore metadata;
    MasterKey key;
    FakeClock clock;

    @BeforeEach
    void open() {
        memory = new InMemoryRemote(new RemoteLimits(4096, 3, 2000));
        remote = new FaultyRemote(memory);
        live = dir.resolve("data/metadata.db");
        metadata = SqliteMetadataStore.open(live);
        key = MasterKey.generate();
        clock = FakeClock.stepping(Instant.parse("2025-03-01T08:00:00Z"), Duration.ofSeconds(1));
    }

    @AfterEach
    void close() {
        metadata.close();
        remote.close();
    }

    /** Sets the marker setting, then backs up with {@code withKey}, posting to the remote. */
    private BackupResult backup(String marker, MasterKey withKey) throws Exception {
        metadata.putSetting("marker", marker);
        metadata.putSetting("noise", BackupOperationTest.randomText(20_000));
        Repository repo = new Repository(remote, metadata, withKey, clock);
        return new BackupOperation(repo, dir.resolve("data/backups")).backup(
                BackupOptions.defaults().withToRemote(true).withChunkTarget(new ChunkTarget(2048)),
                ProgressListener.NONE);
    }

    private static String marker(Path database) {
        try (SqliteMetadataStore store = SqliteMetadataStore.open(database)) {
            return store.setting("marker").orElse(null);
        }
    }

    private String area() {
        return remote.areaId(StorageRemote.Area.BACKUP);
    }

    @Test
    void latestIsTheNewestCompleteBackupOfThisKey() throws Exception {
        backup("first", key);
        BackupResult incomplete = backup("second", key);
        MasterKey other = MasterKey.generate();
        backup("third", other);
        remote.post(area(), "hello, a person posting in the backup channel", List.of());
        remote.post(area(), "```\ndos-backup v1 backup=nothex created=soon\n```", List.of());
        assertThat(incomplete.remotePostIds()).hasSizeGreaterThan(1);
        remote.deletePost(area(), incomplete.remotePostIds().get(1));

        assertThat(new RemoteBackups(remote).list()).extracting(b -> b.header().keyFingerprint())
                .containsExactly(key.fingerprint(), other.fingerprint());
        try (RestoredDatabase restored = new DatabaseRestore(remote, key).fromLatestRemote(dir, ProgressListener.NONE)) {
            assertThat(restored.source()).isEqualTo("the backup channel");
            assertThat(restored.schemaVersion()).isEqualTo(SqliteMetadataStore.SCHEMA_VERSION);
            assertThat(marker(restored.file())).isEqualTo("first");
        }
        try (RestoredDatabase restored = new DatabaseRestore(remote, other).fromLatestRemote(dir, ProgressListener.NONE)) {
            assertThat(marker(restored.file())).isEqualTo("third");
        }
        assertThatThrownBy(() -> new DatabaseRestore(remote, MasterKey.generate()).fromLatestRemote(dir,
                ProgressListener.NONE)).isInstanceOf(WrongKeyException.class);
    }

    @Test
    void backupPostsSomeoneElseMadeAreNeverTrusted() throws Exception {
        backup("ours", key);
        // A member who can write in the backup channel reposts an old backup's parts (or anything)
        // as if they were a newer backup: the text and blobs are copied, but the posts are not ours.
        BackupResult old = backup("theirs", key);
        StorageRemote stranger = memory.stranger();
        for (String postId : old.remotePostIds()) {
            Post part = remote.getPost(area(), postId).orElseThrow();
            List<dev.dos.core.remote.BlobUpload> blobs = new java.util.ArrayList<>();
            for (var blob : part.blobs()) {
                blobs.add(new dev.dos.core.remote.BlobUpload(blob.name(), remote.openBlob(blob.ref()).readAllBytes()));
            }
            stranger.post(area(), part.text(), blobs);
            remote.deletePost(area(), postId);
        }

        try (RestoredDatabase restored = new DatabaseRestore(remote, key).fromLatestRemote(dir, ProgressListener.NONE)) {
            assertThat(marker(restored.file())).isEqualTo("ours");
            assertThat(restored.foreignPosts()).isEqualTo(old.remotePostIds().size());
        }
    }

    @Test
    void anEmptyBackupAreaIsReportedAsNoBackup() {
        assertThatThrownBy(() -> new DatabaseRestore(remote, key).fromLatestRemote(dir, ProgressListener.NONE))
                .isInstanceOf(BackupNotFoundException.class).hasMessageContaining("dos backup --to-discord");
    }

    @Test
    void aDamagedChunkOnTheRemoteFailsTheRestoreBeforeAnythingIsReplaced() throws Exception {
        backup("first", key);
        Post part = remote.listPosts(area(), null, 10).getFirst();
        byte[] damaged = remote.openBlob(part.blobs().get(1).ref()).readAllBytes();
        damaged[damaged.length / 2] ^= 1;
        remote.overwriteBlob(part.blobs().get(1).ref(), damaged);

        assertThatThrownBy(() -> new DatabaseRestore(remote, key).fromLatestRemote(dir, ProgressListener.NONE))
                .isInstanceOfSatisfying(IntegrityException.class, e -> {
                    assertThat(e.reason()).isEqualTo(IntegrityException.Reason.AUTH_FAILED);
                    assertThat(e.getMessage()).contains("chunk 1 of");
                });
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void installSwapsTheRestoredIndexInAndKeepsTheOldOneBeside() throws Exception {
        BackupResult first = backup("first", key);
        metadata.putSetting("marker", "now");

        try (RestoredDatabase restored = new DatabaseRestore(remote, key).fromFile(first.file(), live.getParent(),
                ProgressListener.NONE)) {
            Path previous = DatabaseRestore.install(restored, metadata, live);
            assertThat(previous.getFileName().toString()).matches("metadata\\.db\\.bak-\\d{8}T\\d{9}Z");
            assertThat(restored.file()).doesNotExist();
            assertThat(restored.dateChecked()).isTrue();
            assertThat(marker(live)).isEqualTo("first");
            assertThat(marker(previous)).isEqualTo("now");
        }
        assertThatThrownBy(() -> metadata.setting("marker")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSecondInstallKeepsTheFirstCopyOfTheOldIndex() throws Exception {
        BackupResult first = backup("first", key);
        Path copy1;
        try (RestoredDatabase restored = new DatabaseRestore(remote, key).fromFile(first.file(), live.getParent(),
                ProgressListener.NONE)) {
            copy1 = DatabaseRestore.install(restored, metadata, live);
        }
        try (SqliteMetadataStore reopened = SqliteMetadataStore.open(live);
             RestoredDatabase again = new DatabaseRestore(remote, key).fromFile(first.file(), live.getParent(),
                     ProgressListener.NONE)) {
            Path copy2 = DatabaseRestore.install(again, reopened, live);
            assertThat(copy2).isNotEqualTo(copy1).exists();
        }
        assertThat(copy1).exists();
        assertThat(marker(copy1)).isEqualTo("first");
    }

    @Test
    void aBackupWhoseClearDateClaimsMoreThanItsContentIsRefused() throws Exception {
        BackupResult old = backup("old", key);
        // The file header's date is clear and unauthenticated: an attacker can make an old backup
        // look newest. The date inside the encrypted snapshot tells.
        byte[] bytes = Files.readAllBytes(old.file());
        java.nio.ByteBuffer.wrap(bytes).putLong(38, old.header().createdAt().plusSeconds(86_400).toEpochMilli());
        Path forged = Files.write(old.file().resolveSibling("forged.dosb"), bytes);

        assertThatThrownBy(() -> new DatabaseRestore(remote, key).fromFile(forged, live.getParent(),
                ProgressListener.NONE))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining("older backup posted again under a newer date");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void installRefusesWhileAnotherProcessHasTheIndexOpen() throws Exception {
        BackupResult first = backup("first", key);
        metadata.putSetting("marker", "now");
        try (SqliteMetadataStore dashboard = SqliteMetadataStore.open(live);
             RestoredDatabase restored = new DatabaseRestore(remote, key).fromFile(first.file(), live.getParent(),
                     ProgressListener.NONE)) {
            assertThat(dashboard.setting("marker")).contains("now");
            assertThatThrownBy(() -> DatabaseRestore.install(restored, metadata, live))
                    .isInstanceOf(DatabaseInUseException.class).hasMessageContaining("Nothing was replaced");
            assertThat(dashboard.setting("marker")).contains("now");
        }
        assertThat(marker(live)).isEqualTo("now");
    }

    @Test
    void aBackupOfAnotherKeyIsAWrongKeyAndLeavesNothingBehind() throws Exception {
        BackupResult first = backup("first", key);
        assertThatThrownBy(() -> new DatabaseRestore(remote, MasterKey.generate()).fromFile(first.file(), dir,
                ProgressListener.NONE)).isInstanceOf(WrongKeyException.class);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void damagedTruncatedAndForeignFilesAreRefusedAsIntegrityFailures() throws Exception {
        Path file = backup("first", key).file();
        byte[] good = Files.readAllBytes(file);

        byte[] flipped = good.clone();
        flipped[flipped.length - 20] ^= 0x40;
        assertThat(restoreFails(Files.write(dir.resolve("flipped.dosb"), flipped)))
                .isEqualTo(IntegrityException.Reason.AUTH_FAILED);

        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 10);
        assertThat(restoreFails(Files.write(dir.resolve("truncated.dosb"), truncated)))
                .isEqualTo(IntegrityException.Reason.TRUNCATED);

        assertThat(restoreFails(Files.writeString(dir.resolve("notes.dosb"), "just some text, long enough to be read"
                + " as a header by a careless reader")))
                .isEqualTo(IntegrityException.Reason.BAD_MAGIC);

        byte[] newer = good.clone();
        newer[4] = 2;
        assertThat(restoreFails(Files.write(dir.resolve("newer.dosb"), newer)))
                .isEqualTo(IntegrityException.Reason.UNKNOWN_VERSION);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aBackupThatDecryptsToSomethingOtherThanADosIndexIsRefused() throws Exception {
        assertThat(restoreFails(seal(Files.writeString(dir.resolve("plain.txt"), "x".repeat(5000)))))
                .isEqualTo(IntegrityException.Reason.CONTENT_MISMATCH);
        assertThat(restoreFails(seal(Files.write(dir.resolve("empty"), new byte[0]))))
                .isEqualTo(IntegrityException.Reason.CONTENT_MISMATCH);
        assertThat(restoreFails(seal(sqlite("fresh.db", 0, 0))))
                .isEqualTo(IntegrityException.Reason.CONTENT_MISMATCH);

        Path foreign = seal(sqlite("foreign.db", 1, 0));
        assertThatThrownBy(() -> new DatabaseRestore(remote, key).fromFile(foreign, dir, ProgressListener.NONE))
                .isInstanceOf(MetadataException.UnsupportedSchema.class).hasMessageContaining("not a dos metadata database");
        Path future = seal(sqlite("future.db", 99, 0x646f7331));
        assertThatThrownBy(() -> new DatabaseRestore(remote, key).fromFile(future, dir, ProgressListener.NONE))
                .isInstanceOf(MetadataException.UnsupportedSchema.class).hasMessageContaining("newer");
        assertThat(leftovers()).isEmpty();
    }

    private IntegrityException.Reason restoreFails(Path file) {
        try {
            new DatabaseRestore(remote, key).fromFile(file, dir, ProgressListener.NONE).close();
        } catch (IntegrityException e) {
            return e.reason();
        } catch (Exception e) {
            throw new AssertionError("expected an integrity failure, got " + e, e);
        }
        throw new AssertionError("restoring " + file + " should have failed");
    }

    /** A backup file holding {@code plaintext}, sealed with the test's key. */
    private Path seal(Path plaintext) throws Exception {
        BatchId id = BatchId.random();
        Path target = dir.resolve(plaintext.getFileName() + ".dosb");
        try (BackupFileWriter out = BackupFileWriter.create(target, id, key.fingerprint(), Instant.now())) {
            try (ChunkWriter writer = SealedStreams.writer(key, id, Compression.DEFAULT, ChunkTarget.DEFAULT, out)) {
                writer.write(Files.readAllBytes(plaintext));
            }
            out.commit();
        }
        return target;
    }

    private Path sqlite(String name, int userVersion, int applicationId) throws Exception {
        Path file = dir.resolve(name);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            if (userVersion > 0 || applicationId != 0) {
                s.execute("CREATE TABLE things (x INTEGER)");
            }
            s.execute("PRAGMA user_version = " + userVersion);
            s.execute("PRAGMA application_id = " + applicationId);
        }
        return file;
    }

    /** Temporary or restored files left in the work directory. */
    private List<Path> leftovers() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(".restored-")
                    || p.getFileName().toString().contains(".check")).toList();
        }
    }
}
