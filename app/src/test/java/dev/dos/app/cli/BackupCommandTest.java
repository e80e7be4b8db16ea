package dev.dos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.core.meta.BatchQuery;
import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.BatchState;
import dev.dos.core.meta.ChunkRecord;
import dev.dos.core.meta.ChunkState;
import dev.dos.core.meta.SqliteMetadataStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dos backup} and {@code dos restore-db} as separate processes would run them, against the
 * Discord emulator with the configuration {@code dos setup} wrote.
 */
class BackupCommandTest {
    @TempDir
    Path home;

    EmulatedDiscord discord;

    @BeforeEach
    void setUp() throws IOException {
        discord = EmulatedDiscord.withStore(home);
    }

    @AfterEach
    void stop() {
        discord.close();
    }

    private Path database() {
        return discord.dataDir().resolve("metadata.db");
    }

    private Path tree(String name, int bytes) throws IOException {
        Path dir = Files.createDirectories(home.resolve("src").resolve(name));
        byte[] data = new byte[bytes];
        new Random(bytes).nextBytes(data);
        Files.write(dir.resolve("data.bin"), data);
        return dir;
    }

    /**
     * The emulator holds its answer to the upload's second chunk post until the backup is taken, so
     * the upload is certainly mid-way (its first post confirmed, the second in flight, more to come)
     * however fast or loaded the machine is.
     */
    @Test
    void aBackupTakenWhileAnUploadRunsHoldsThatUploadAsItWasAndRestoreDbLatestBringsItBack() throws Exception {
        String earlier = discord.dos("upload", "--json", tree("earlier", 1000).toString()).json().get("batch_id").asText();
        Path big = tree("big", 900_000);
        HeldAnswers.Gate second = discord.answers.hold(1, HeldAnswers.postsOutside(discord.channel("storage"),
                discord.channel("index"), discord.channel("backup")));
        CompletableFuture<EmulatedDiscord.Run> upload = CompletableFuture.supplyAsync(
                // One post at a time: while the second is held, the first is the only one confirmed.
                () -> discord.dos("upload", "--json", "-q", "--transfers", "1", "--chunk-size", "8192",
                        big.toString()),
                Executors.newVirtualThreadPerTaskExecutor());
        assertThat(second.awaitHeld(Duration.ofSeconds(60))).as("the upload reached its second chunk post").isTrue();
        String uploading = awaitUploadMidway();

        EmulatedDiscord.Run backup = discord.dos("backup", "--to-discord", "--json");
        second.open();

        EmulatedDiscord.Run finished = upload.get(120, TimeUnit.SECONDS);
        assertThat(finished.code()).as(finished.all()).isZero();
        assertThat(finished.json().get("batch_id").asText()).isEqualTo(uploading);
        assertThat(backup.code()).as(backup.all()).isZero();
        JsonNode made = backup.json();
        assertThat(made.get("discord_messages")).hasSize(1);
        assertThat(Path.of(made.get("file").asText())).isRegularFile()
                .hasParent(discord.dataDir().resolve("backups"));

        EmulatedDiscord.Run restored = discord.dos("restore-db", "latest", "--json");

        assertThat(restored.code()).as(restored.all()).isZero();
        assertThat(restored.json().get("backup_id").asText()).isEqualTo(made.get("backup_id").asText());
        assertThat(restored.json().get("batches").asInt()).isEqualTo(2);
        try (SqliteMetadataStore index = SqliteMetadataStore.open(database())) {
            assertThat(index.batch(earlier).orElseThrow().state()).isEqualTo(BatchState.COMPLETE);
            assertThat(index.batch(uploading).orElseThrow().state()).isEqualTo(BatchState.UPLOADING);
            List<ChunkRecord> chunks = index.chunks(uploading);
            long posted = chunks.stream().filter(c -> c.state() == ChunkState.POSTED).count();
            assertThat(posted).isPositive().isLessThan(finished.json().get("chunks").asLong());
        }
        Path previousCopy = Path.of(restored.json().get("previous").asText());
        assertThat(previousCopy.getFileName().toString()).startsWith("metadata.db.bak-");
        try (SqliteMetadataStore previous = SqliteMetadataStore.open(previousCopy)) {
            assertThat(previous.batch(uploading).orElseThrow().state()).isEqualTo(BatchState.COMPLETE);
        }

        EmulatedDiscord.Run fromFile = discord.dos("restore-db", made.get("file").asText());
        assertThat(fromFile.code()).as(fromFile.all()).isZero();
        assertThat(fromFile.out()).contains("installing backup " + made.get("backup_id").asText(),
                "metadata.db.bak-", "dos sync");
        assertThat(previousCopy).as("an earlier copy is never overwritten").isRegularFile();
    }

    /** Waits until the index shows the upload in progress with at least one chunk posted; returns its id. */
    private String awaitUploadMidway() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(database())) {
                try (SqliteMetadataStore index = SqliteMetadataStore.open(database())) {
                    for (BatchRecord b : index.listBatches(BatchQuery.all().page(0, 10)).items()) {
                        if (b.state() == BatchState.UPLOADING
                                && index.chunks(b.id()).stream().anyMatch(c -> c.state() == ChunkState.POSTED)) {
                            return b.id();
                        }
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the upload never got under way");
    }

    @Test
    void backupsRotateLocallyAndAreSealed() throws Exception {
        discord.dos("upload", "-q", tree("docs", 2000).toString());
        for (int i = 0; i < 3; i++) {
            EmulatedDiscord.Run run = discord.dos("backup", "--keep", "2");
            assertThat(run.code()).as(run.all()).isZero();
            assertThat(run.out()).contains("saved to " + discord.dataDir().resolve("backups"));
            if (i == 2) {
                assertThat(run.out()).contains("removed old backup metadata-", "(keeping 2)");
            }
            Thread.sleep(5);
        }
        try (var files = Files.list(discord.dataDir().resolve("backups"))) {
            List<Path> kept = files.toList();
            assertThat(kept).hasSize(2).allMatch(p -> p.getFileName().toString().matches("metadata-[0-9T]+Z\\.dosb"));
            for (Path file : kept) {
                assertThat(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .startsWith("DOSB").doesNotContain("docs").doesNotContain("SQLite");
            }
        }
        assertThat(discord.dos("stats", "--json").json().get("last_backup").isNull()).isFalse();
        assertThat(discord.dos("backup", "--keep", "0").code()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void aBackupChannelThatRefusesFilesFailsTheBackupButKeepsTheLocalFile() throws Exception {
        discord.emulator.admin().setChannelPermissions(discord.channel("backup"),
                dev.dos.emulator.model.Permission.ALL & ~dev.dos.emulator.model.Permission.ATTACH_FILES);

        EmulatedDiscord.Run run = discord.dos("backup", "--to-discord");

        assertThat(run.code()).isEqualTo(ExitCode.AUTH);
        assertThat(run.err()).contains("the backup was saved to " + discord.dataDir().resolve("backups"),
                "but posting it to the backup channel failed", "lacks a permission");
        try (var files = Files.list(discord.dataDir().resolve("backups"))) {
            assertThat(files.toList()).hasSize(1);
        }
    }

    @Test
    void theSandboxKeepsItsBackupsBesideItsOwnIndex() throws Exception {
        EmulatedDiscord.Run backup = discord.dos("--sandbox", "backup", "--to-discord", "--json");
        assertThat(backup.code()).as(backup.all()).isZero();
        Path sandbox = discord.dataDir().resolve("sandbox");
        assertThat(Path.of(backup.json().get("file").asText())).hasParent(sandbox.resolve("backups"));

        EmulatedDiscord.Run restored = discord.dos("--sandbox", "restore-db", "latest");
        assertThat(restored.code()).as(restored.all()).isZero();
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(sandbox)) {
            assertThat(files.map(f -> f.getFileName().toString())).anyMatch(n -> n.startsWith("metadata.db.bak-"));
        }
        assertThat(discord.dataDir()).isDirectoryNotContaining("glob:**/metadata.db.bak-*");
    }
}
