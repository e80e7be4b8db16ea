package dev.dos.core.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dos.core.crypto.MasterKey;
import dev.dos.core.format.ChunkTarget;
import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.BatchState;
import dev.dos.core.meta.ChunkRecord;
import dev.dos.core.meta.ChunkState;
import dev.dos.core.meta.SettingKeys;
import dev.dos.core.meta.SqliteMetadataStore;
import dev.dos.core.ops.ProgressListener;
import dev.dos.core.ops.Repository;
import dev.dos.core.ops.UploadOperation;
import dev.dos.core.ops.UploadOptions;
import dev.dos.core.ops.UploadResult;
import dev.dos.core.remote.FaultyRemote;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.RemoteLimits;
import dev.dos.core.remote.StorageRemote;
import dev.dos.core.remote.memory.InMemoryRemote;
import dev.dos.testkit.FakeClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupOperationTest {
    /** One chunk per post, so an upload of a few chunks makes several posts that can be held. */
    static final RemoteLimits ONE_BLOB_PER_POST = new RemoteLimits(10L * 1024 * 1024, 1, 2000);

    @TempDir
    Path dir;

    FaultyRemote remote;
    SqliteMetadataStore metadata;
    MasterKey key;
    Repository repo;
    Path backups;

    @BeforeEach
    void open() {
        remote = new FaultyRemote(new InMemoryRemote(ONE_BLOB_PER_POST));
        metadata = SqliteMetadataStore.open(dir.resolve("data/metadata.db"));
        key = MasterKey.generate();
        repo = new Repository(remote, metadata, key, FakeClock.stepping(Instant.parse("2025-01-31T12:00:00Z"), Duration.ofSeconds(1)));
        backups = dir.resolve("data/backups");
    }

    @AfterEach
    void close() {
        metadata.close();
        remote.close();
    }

    @Test
    void aBackupTakenWhileAnUploadIsHeldMidwayShowsThatUploadAsItWasAndTheUploadStillCompletes() throws Exception {
        String earlier = upload(repo, "earlier", 1_000).batchId();
        FaultyRemote gated = new FaultyRemote(remote);
        FaultyRemote.Gate gate = gated.gate(FaultyRemote.Operation.POST, 3, gated.inBatchContainers());
        Repository uploading = new Repository(gated, metadata, key, repo.clock());
        Path big = tree("big", 200_000);
        CompletableFuture<UploadResult> upload = CompletableFuture.supplyAsync(() -> {
            try {
                return new UploadOperation(uploading).upload(List.of(big),
                        new UploadOptions(UploadOptions.defaults().compression(), 20_000, false,
                                UploadOptions.defaults().onUnreadable(), null), ProgressListener.NONE);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        assertThat(gate.awaitHeld(Duration.ofSeconds(30))).as("the upload reached its fourth post").isTrue();

        BackupResult backup = new BackupOperation(repo, backups).backup(BackupOptions.defaults().withToRemote(true),
                ProgressListener.NONE);

        gate.open();
        UploadResult finished = upload.get(60, TimeUnit.SECONDS);
        assertThat(metadata.batch(finished.batchId()).orElseThrow().state()).isEqualTo(BatchState.COMPLETE);

        assertThat(backup.remotePostIds()).hasSize(1);
        assertThat(backup.file()).isRegularFile();
        try (RestoredDatabase restored = new DatabaseRestore(remote, key).fromFile(backup.file(), dir,
                ProgressListener.NONE);
             SqliteMetadataStore copy = SqliteMetadataStore.open(restored.file())) {
            assertThat(restored.batches()).isEqualTo(2);
            assertThat(copy.batch(earlier).orElseThrow().state()).isEqualTo(BatchState.COMPLETE);
            BatchRecord held = copy.batch(finished.batchId()).orElseThrow();
            assertThat(held.state()).isEqualTo(BatchState.UPLOADING);
            List<ChunkRecord> chunks = copy.chunks(finished.batchId());
            assertThat(chunks.stream().filter(c -> c.state() == ChunkState.POSTED)).hasSize(3);
            assertThat(chunks.stream().filter(c -> c.state() == ChunkState.POSTING)).hasSize(1);
        }
    }

    @Test
    void theBackupFileIsSealedOwnerOnlyAndRecordsTheBackupTime() throws Exception {
        upload(repo, "docs", 2_000);
        BackupResult result = new BackupOperation(repo, backups).backup(BackupOptions.defaults(), ProgressListener.NONE);

        assertThat(result.file()).isEqualTo(new LocalBackups(backups).fileFor(result.header().createdAt()));
        assertThat(result.file().getFileName().toString()).matches("metadata-20250131T1200[0-9]{2}000Z\\.dosb");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(result.file()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backups))).isEqualTo("rwx------");
        assertThat(metadata.instantSetting(SettingKeys.LAST_BACKUP_AT)).contains(result.header().createdAt());
        assertThat(result.remotePostIds()).isEmpty();
        assertThat(remote.listPosts(remote.areaId(StorageRemote.Area.BACKUP), null, 10)).isEmpty();

        byte[] bytes = Files.readAllBytes(result.file());
        assertThat(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1))
                .startsWith("DOSB").doesNotContain("SQLite format").doesNotContain("docs");
        BackupFile file = BackupFile.open(result.file());
        assertThat(file.header()).isEqualTo(result.header());
        assertThat(file.header().keyFingerprint()).isEqualTo(key.fingerprint());
        assertThat(file.storedBytes()).isEqualTo(result.storedBytes());
        try (var listing = Files.list(backups)) {
            assertThat(listing).as("no snapshot or temporary file is left behind").containsExactly(result.file());
        }
    }

    @Test
    void aRefusedPostLeavesTheLocalBackupCompleteAndSaysSo() throws Exception {
        remote.failNext(FaultyRemote.Operation.POST,
                new dev.dos.core.remote.RemoteException.Forbidden("no Attach Files in the backup channel"));

        assertThatThrownBy(() -> new BackupOperation(repo, backups).backup(BackupOptions.defaults().withToRemote(true),
                ProgressListener.NONE))
                .isInstanceOfSatisfying(BackupNotPostedException.class, e -> {
                    assertThat(e.getCause()).isInstanceOf(dev.dos.core.remote.RemoteException.Forbidden.class);
                    assertThat(e.getMessage()).contains("saved to " + e.file(), "no Attach Files");
                    assertThat(e.file()).isRegularFile();
                });
        assertThat(new LocalBackups(backups).list()).hasSize(1);
        assertThat(new RemoteBackups(remote).list()).isEmpty();
    }

    @Test
    void rotationKeepsTheNewestBackupsAndNothingElse() throws Exception {
        Files.createDirectories(backups);
        Path mine = Files.writeString(backups.resolve("notes.txt"), "not a backup");
        BackupOperation operation = new BackupOperation(repo, backups);
        List<Path> made = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            made.add(operation.backup(BackupOptions.defaults().withKeep(3), ProgressListener.NONE).file());
        }
        assertThat(new LocalBackups(backups).list()).containsExactly(made.get(5), made.get(4), made.get(3));
        assertThat(mine).exists();
        assertThatThrownBy(() -> BackupOptions.defaults().withKeep(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theTemporaryFilesOfABackupKilledMidwayAreRemovedByTheNextOne() throws Exception {
        Files.createDirectories(backups);
        // What a backup killed (kill -9) while copying, snapshotting or sealing the index leaves
        // behind; CrashRecoveryTest (app) kills 'dos backup' for real.
        Path copying = Files.writeString(backups.resolve(".dos-backup-4242.tmp"), "a copy of the index");
        // SQLite's rollback journal of that copy (left by a kill mid-copy; seen by the soak run of crash-backup)
        Path copyJournal = Files.writeString(backups.resolve(".dos-backup-4242.tmp-journal"), "pages of the index");
        Path snapshotWal = Files.writeString(backups.resolve(".snapshot-" + "cd".repeat(16) + ".db-wal"), "index pages");
        Path snapshot = Files.writeString(backups.resolve(".snapshot-" + "ab".repeat(16) + ".db"), "plaintext index");
        Path sealing = Files.writeString(backups.resolve(".metadata-20250131T115959000Z.dosb-77.tmp"), "half sealed");
        Path mine = Files.writeString(backups.resolve("notes.txt"), "not a backup");
        Path dotFile = Files.writeString(backups.resolve(".snapshot-notes.txt"), "a user's own dot-file");

        BackupResult result = new BackupOperation(repo, backups).backup(BackupOptions.defaults(), ProgressListener.NONE);

        assertThat(copying).doesNotExist();
        assertThat(copyJournal).doesNotExist();
        assertThat(snapshotWal).doesNotExist();
        assertThat(snapshot).doesNotExist();
        assertThat(sealing).doesNotExist();
        assertThat(mine).exists();
        assertThat(dotFile).exists();
        try (var listing = Files.list(backups)) {
            assertThat(listing).containsExactlyInAnyOrder(result.file(), mine, dotFile);
        }
        assertThat(BackupFile.open(result.file()).header().backupId()).isEqualTo(result.header().backupId());
    }

    @Test
    void aLargeBackupIsPostedAsSeveralPartsEachWithItsCard() throws Exception {
        InMemoryRemote small = new InMemoryRemote(new RemoteLimits(4096, 3, 2000));
        Repository smallRepo = new Repository(small, metadata, key, repo.clock());
        metadata.putSetting("noise", randomText(60_000));

        BackupResult result = new BackupOperation(smallRepo, backups)
                .backup(BackupOptions.defaults().withToRemote(true).withChunkTarget(new ChunkTarget(2048)),
                        ProgressListener.NONE);

        int chunks = result.header().chunkCount();
        assertThat(chunks).isGreaterThan(6);
        assertThat(result.remotePostIds()).hasSize((chunks + 2) / 3);
        List<Post> posts = small.listPosts(small.areaId(StorageRemote.Area.BACKUP), null, 100);
        assertThat(posts).extracting(Post::id).containsExactlyElementsOf(result.remotePostIds());
        for (int p = 0; p < posts.size(); p++) {
            BackupCard card = BackupCard.parse(posts.get(p).text()).orElseThrow();
            assertThat(card.part()).isEqualTo(p + 1);
            assertThat(card.parts()).isEqualTo(posts.size());
            assertThat(card.firstChunk()).isEqualTo(3 * p);
            assertThat(card.header()).isEqualTo(result.header());
            assertThat(posts.get(p).text()).contains(result.header().backupId().hex()).doesNotContain("noise");
            assertThat(posts.get(p).blobs().getFirst().name())
                    .isEqualTo(result.header().backupId().hex() + "-backup-" + String.format("%06d", 3 * p) + ".dosc");
        }
        List<RemoteBackup> found = new RemoteBackups(small).list();
        assertThat(found).hasSize(1);
        assertThat(found.getFirst().chunks()).hasSize(chunks);
    }

    private UploadResult upload(Repository into, String name, int bytes) throws Exception {
        return new UploadOperation(into).upload(List.of(tree(name, bytes)), UploadOptions.defaults(),
                ProgressListener.NONE);
    }

    private Path tree(String name, int bytes) throws Exception {
        Path src = dir.resolve("src").resolve(name);
        Files.createDirectories(src);
        byte[] data = new byte[bytes];
        new Random(7).nextBytes(data);
        Files.write(src.resolve("random.bin"), data);
        return src;
    }

    static String randomText(int bytes) {
        byte[] data = new byte[bytes];
        new Random(bytes).nextBytes(data);
        return java.util.HexFormat.of().formatHex(data);
    }
}
