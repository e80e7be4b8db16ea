package dev.dos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.core.meta.SqliteMetadataStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dos restore-db}'s refusals: each leaves the live index exactly as it was. */
class RestoreDbCommandTest {
    @TempDir
    Path home;

    EmulatedDiscord discord;
    String batch;

    @BeforeEach
    void setUp() throws IOException {
        discord = EmulatedDiscord.withStore(home);
        Path src = Files.createDirectories(home.resolve("src"));
        Files.writeString(src.resolve("a.txt"), "a\n");
        EmulatedDiscord.Run upload = discord.dos("upload", "--json", "-q", src.toString());
        assertThat(upload.code()).as(upload.all()).isZero();
        batch = upload.json().get("batch_id").asText();
    }

    @AfterEach
    void stop() {
        discord.close();
    }

    private Path backup() throws IOException {
        EmulatedDiscord.Run run = discord.dos("backup", "--json", "-q");
        assertThat(run.code()).as(run.all()).isZero();
        return Path.of(run.json().get("file").asText());
    }

    private void indexStillHoldsTheBatch() throws IOException {
        assertThat(discord.dos("list", "--json").json().get("batches").get(0).get("batch_id").asText()).isEqualTo(batch);
        assertThat(discord.dataDir().resolve("metadata.db.bak")).doesNotExist();
    }

    @Test
    void noBackupOnDiscordIsNotFound() throws Exception {
        EmulatedDiscord.Run run = discord.dos("restore-db", "latest");
        assertThat(run.code()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(run.err()).contains("no complete database backup", "dos backup --to-discord");
        indexStillHoldsTheBatch();
    }

    @Test
    void aMissingFileIsNotFound() throws Exception {
        EmulatedDiscord.Run run = discord.dos("restore-db", home.resolve("nope.dosb").toString());
        assertThat(run.code()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(run.err()).contains("nope.dosb");
        indexStillHoldsTheBatch();
    }

    @Test
    void aDamagedBackupIsAnIntegrityFailure() throws Exception {
        Path file = backup();
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 30] ^= 0x01;
        Files.write(file, bytes);

        EmulatedDiscord.Run run = discord.dos("restore-db", file.toString());

        assertThat(run.code()).isEqualTo(ExitCode.INTEGRITY);
        assertThat(run.err()).contains("failed authentication");
        indexStillHoldsTheBatch();
    }

    @Test
    void aWrongPassphraseIsAWrongKey() throws Exception {
        Path file = backup();
        EmulatedDiscord.Run run = discord.dos(Map.of("DOS_PASSPHRASE", "not the passphrase"),
                new ByteArrayInputStream(new byte[0]), "restore-db", file.toString());
        assertThat(run.code()).isEqualTo(ExitCode.AUTH);
        assertThat(run.err()).contains("wrong key");
        indexStillHoldsTheBatch();
    }

    @Test
    void anIndexOpenElsewhereIsNotReplaced() throws Exception {
        Path file = backup();
        try (SqliteMetadataStore dashboard = SqliteMetadataStore.open(discord.dataDir().resolve("metadata.db"))) {
            dashboard.putSetting("dashboard", "was here");
            EmulatedDiscord.Run run = discord.dos("restore-db", file.toString());
            assertThat(run.code()).isEqualTo(ExitCode.FAILURE);
            assertThat(run.err()).contains("open in another process", "Nothing was replaced");
            assertThat(dashboard.setting("dashboard")).contains("was here");
        }
        try (SqliteMetadataStore index = SqliteMetadataStore.open(discord.dataDir().resolve("metadata.db"))) {
            assertThat(index.setting("dashboard")).as("the live index was not replaced").contains("was here");
        }
    }
}
