package dev.dos.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DosConfigTest {
    static final String TOKEN = "MTIzNDU2Nzg5MDEy.GhIjKl.s3cr3t-t0k3n_value";

    @TempDir
    Path tmp;
    DosPaths paths;

    @BeforeEach
    void paths() throws Exception {
        paths = DosPaths.resolve(Map.of("HOME", tmp.toString()), null, null);
        Files.createDirectories(paths.configDir());
    }

    @Test
    void nothingConfiguredGivesDefaults() {
        DosConfig config = DosConfig.load(paths, Map.of());
        assertThat(config.token()).isNull();
        assertThat(config.storageChannelId()).isNull();
        assertThat(config.apiBaseUrl()).isEqualTo(URI.create("https://discord.com/api/v10"));
        assertThat(config.chunkSizeBytes()).isNull();
        assertThat(config.codec()).isNull();
        assertThat(config.keyFile()).isEqualTo(paths.defaultKeyFile());
        assertThatThrownBy(config::requireToken).isInstanceOf(ConfigException.class)
                .hasMessageContaining("DOS_TOKEN (or DISCORD_TOKEN) is not set");
    }

    @Test
    void theOriginalToolsEnvNamesAreAccepted() throws Exception {
        Files.writeString(paths.originalEnvFile(), """
                DISCORD_TOKEN=%s
                GUILD_ID=111
                STORAGE_CHANNEL_ID=222
                INDEX_CHANNEL_ID=333
                BACKUP_CHANNEL_ID=444
                MAX_CHUNK_SIZE=9961472
                ENCRYPTION_KEY=ignored-unknown-setting
                """.formatted(TOKEN));
        DosConfig config = DosConfig.load(paths, Map.of());
        assertThat(config.requireToken()).isEqualTo(TOKEN);
        assertThat(config.guildId()).isEqualTo("111");
        assertThat(config.requireStorageChannelId()).isEqualTo("222");
        assertThat(config.requireIndexChannelId()).isEqualTo("333");
        assertThat(config.backupChannelId()).isEqualTo("444");
        assertThat(config.chunkSizeBytes()).isEqualTo(9_961_472L);
    }

    @Test
    void theEnvironmentBeatsTheConfigFileWhichBeatsTheOriginalEnvFile() throws Exception {
        Files.writeString(paths.originalEnvFile(), "GUILD_ID=1\nSTORAGE_CHANNEL_ID=1\nINDEX_CHANNEL_ID=1\n");
        Files.writeString(paths.configFile(), "DOS_STORAGE_CHANNEL_ID=2\nDOS_INDEX_CHANNEL_ID=2\n");
        DosConfig config = DosConfig.load(paths, Map.of("INDEX_CHANNEL_ID", "3"));
        assertThat(config.guildId()).isEqualTo("1");
        assertThat(config.storageChannelId()).isEqualTo("2");
        assertThat(config.indexChannelId()).as("an alias in the environment still beats the file").isEqualTo("3");
    }

    @Test
    void inOnePlaceOurNameBeatsTheOriginalAlias() throws Exception {
        Files.writeString(paths.configFile(), "GUILD_ID=1\nDOS_GUILD_ID=2\n");
        assertThat(DosConfig.load(paths, Map.of()).guildId()).isEqualTo("2");
        assertThat(DosConfig.load(paths, Map.of("DOS_GUILD_ID", "3", "GUILD_ID", "4")).guildId()).isEqualTo("3");
    }

    @Test
    void overridesBeatTheEnvironmentAndEmptyValuesCountAsUnset() throws Exception {
        Files.writeString(paths.configFile(), "DOS_CODEC=zstd\nDOS_GUILD_ID=\n");
        DosConfig config = DosConfig.load(paths, Map.of("DOS_CODEC", "gzip", "DOS_GUILD_ID", "5"),
                Map.of(ConfigKey.CODEC, "none"));
        assertThat(config.codec()).isEqualTo("none");
        assertThat(config.guildId()).isEqualTo("5");
    }

    @Test
    void keyFilePathsResolveAgainstTheConfigDirectory() {
        assertThat(DosConfig.load(paths, Map.of("DOS_KEY_FILE", "keys/main.key")).keyFile())
                .isEqualTo(paths.configDir().resolve("keys/main.key"));
        assertThat(DosConfig.load(paths, Map.of("DOS_KEY_FILE", "/etc/dos.key")).keyFile())
                .isEqualTo(Path.of("/etc/dos.key"));
    }

    @Test
    void chunkSizesTakeBinaryUnits() {
        assertThat(chunkSize("1048576")).isEqualTo(1_048_576L);
        assertThat(chunkSize("9.5MiB")).isEqualTo(9_961_472L);
        assertThat(chunkSize("9.5 MB")).isEqualTo(9_961_472L);
        assertThat(chunkSize("512k")).isEqualTo(524_288L);
        assertThatThrownBy(() -> chunkSize("0")).hasMessageContaining("positive");
        assertThatThrownBy(() -> chunkSize("1.5")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> chunkSize("ten megs")).hasMessageContaining("DOS_CHUNK_SIZE from the environment");
    }

    @Test
    void badValuesAreRejectedNamingTheSettingAndWhereItCameFrom() throws Exception {
        Files.writeString(paths.originalEnvFile(), "STORAGE_CHANNEL_ID=general\n");
        assertThatThrownBy(() -> DosConfig.load(paths, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("STORAGE_CHANNEL_ID from " + paths.originalEnvFile())
                .hasMessageContaining("Discord id");
        Files.delete(paths.originalEnvFile());
        assertThatThrownBy(() -> DosConfig.load(paths, Map.of("DOS_API_BASE_URL", "ftp://x")))
                .hasMessageContaining("DOS_API_BASE_URL").hasMessageContaining("http(s) URL");
        assertThatThrownBy(() -> DosConfig.load(paths, Map.of("DOS_CODEC", "ZSTD!")))
                .hasMessageContaining("DOS_CODEC");
    }

    @Test
    void aBadTokenIsRejectedWithoutEchoingIt() {
        String pasted = "Bot " + TOKEN;
        assertThatThrownBy(() -> DosConfig.load(paths, Map.of("DISCORD_TOKEN", pasted)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("DISCORD_TOKEN from the environment")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void apiBaseUrlLosesATrailingSlash() {
        assertThat(DosConfig.load(paths, Map.of("DOS_API_BASE_URL", "http://localhost:8080/api/v10/")).apiBaseUrl())
                .isEqualTo(URI.create("http://localhost:8080/api/v10"));
    }

    @Test
    void toStringNeverShowsTheToken() {
        DosConfig config = DosConfig.load(paths, Map.of("DISCORD_TOKEN", TOKEN, "GUILD_ID", "42"));
        assertThat(config.toString()).doesNotContain(TOKEN).doesNotContain("s3cr3t")
                .contains("token=(set)").contains("guildId=42");
        assertThat(DosConfig.load(paths, Map.of()).toString()).contains("token=(unset)");
    }

    @Test
    void savedConfigIsOwnerOnlyAndLoadsBackEqual() throws Exception {
        DosConfig config = new DosConfig(TOKEN, "1", "2", "3", null, URI.create("http://127.0.0.1:9000/api"),
                8_388_608L, "zstd", paths.configDir().resolve("keys/main.key"));
        config.save(paths);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(paths.configFile())))
                .isEqualTo("rw-------");
        assertThat(Files.readString(paths.configFile())).contains("DOS_TOKEN=" + TOKEN, "DOS_KEY_FILE=keys/main.key")
                .doesNotContain("BACKUP");
        assertThat(DosConfig.load(paths, Map.of())).isEqualTo(config);
    }

    @Test
    void defaultsAreNotWrittenSoTheyCanChangeLater() throws Exception {
        DosConfig config = new DosConfig(TOKEN, null, null, null, null, null, null, null, paths.defaultKeyFile());
        config.save(paths);
        assertThat(Files.readString(paths.configFile())).doesNotContain("DOS_API_BASE_URL", "DOS_KEY_FILE");
        assertThat(DosConfig.load(paths, Map.of())).isEqualTo(config);
    }

    @Test
    void aKeyFileOutsideTheConfigDirectoryIsSavedAbsolute() throws Exception {
        Path outside = tmp.resolve("elsewhere/dos.key");
        new DosConfig(null, null, null, null, null, null, null, null, outside).save(paths);
        assertThat(Files.readString(paths.configFile())).contains("DOS_KEY_FILE=" + outside);
        assertThat(DosConfig.load(paths, Map.of()).keyFile()).isEqualTo(outside);
    }

    @Test
    void theConstructorValidatesToo() {
        assertThatThrownBy(() -> new DosConfig(null, "abc", null, null, null, null, null, null, null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DOS_GUILD_ID");
        assertThatThrownBy(() -> new DosConfig("two words", null, null, null, null, null, null, null, null))
                .isInstanceOf(ConfigException.class).hasMessageNotContaining("two words");
        assertThatThrownBy(() -> new DosConfig(null, null, null, null, null, null, -1L, null, null))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void webRootsAreAbsoluteFoldersSeparatedByThePathSeparatorAndRoundTrip() throws Exception {
        assertThat(DosConfig.load(paths, Map.of()).webRoots()).isEmpty();
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        DosConfig loaded = DosConfig.load(paths, Map.of("DOS_WEB_ROOTS", a + File.pathSeparator + " " + b + "/ "
                + File.pathSeparator));
        assertThat(loaded.webRoots()).containsExactly(a, b);
        assertThatThrownBy(() -> DosConfig.load(paths, Map.of("DOS_WEB_ROOTS", a + File.pathSeparator + "relative")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DOS_WEB_ROOTS from the environment")
                .hasMessageContaining("relative");

        DosConfig config = new DosConfig(TOKEN, null, null, null, null, null, null, null, paths.defaultKeyFile(),
                List.of(a, b));
        config.save(paths);
        assertThat(Files.readString(paths.configFile())).contains("DOS_WEB_ROOTS=" + a + File.pathSeparator + b);
        assertThat(DosConfig.load(paths, Map.of())).isEqualTo(config);
    }

    private Long chunkSize(String text) {
        return DosConfig.load(paths, Map.of("DOS_CHUNK_SIZE", text)).chunkSizeBytes();
    }
}
