package dev.dos.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DosPathsTest {
    @TempDir
    Path tmp;

    @Test
    void homeGivesTheXdgDefaults() {
        DosPaths paths = DosPaths.resolve(Map.of("HOME", "/home/me"), null, null);
        assertThat(paths.configDir()).isEqualTo(Path.of("/home/me/.config/dos"));
        assertThat(paths.dataDir()).isEqualTo(Path.of("/home/me/.local/share/dos"));
        assertThat(paths.configFile()).isEqualTo(Path.of("/home/me/.config/dos/config.properties"));
        assertThat(paths.originalEnvFile()).isEqualTo(Path.of("/home/me/.config/dos/.env"));
        assertThat(paths.databaseFile()).isEqualTo(Path.of("/home/me/.local/share/dos/metadata.db"));
        assertThat(paths.defaultKeyFile()).isEqualTo(Path.of("/home/me/.config/dos/key"));
    }

    @Test
    void xdgVariablesBeatHome() {
        DosPaths paths = DosPaths.resolve(
                Map.of("HOME", "/home/me", "XDG_CONFIG_HOME", "/cfg", "XDG_DATA_HOME", "/data"), null, null);
        assertThat(paths.configDir()).isEqualTo(Path.of("/cfg/dos"));
        assertThat(paths.dataDir()).isEqualTo(Path.of("/data/dos"));
    }

    @Test
    void relativeOrEmptyXdgVariablesAreIgnoredAsTheSpecificationSays() {
        DosPaths paths = DosPaths.resolve(
                Map.of("HOME", "/home/me", "XDG_CONFIG_HOME", "relative/cfg", "XDG_DATA_HOME", ""), null, null);
        assertThat(paths.configDir()).isEqualTo(Path.of("/home/me/.config/dos"));
        assertThat(paths.dataDir()).isEqualTo(Path.of("/home/me/.local/share/dos"));
    }

    @Test
    void dosVariablesBeatXdgAndFlagsBeatEverything() {
        Map<String, String> env = Map.of("HOME", "/home/me", "XDG_CONFIG_HOME", "/cfg", "XDG_DATA_HOME", "/data",
                "DOS_CONFIG_DIR", "/dos-cfg", "DOS_DATA_DIR", "/dos-data");
        DosPaths fromEnv = DosPaths.resolve(env, null, null);
        assertThat(fromEnv.configDir()).isEqualTo(Path.of("/dos-cfg"));
        assertThat(fromEnv.dataDir()).isEqualTo(Path.of("/dos-data"));

        DosPaths fromFlags = DosPaths.resolve(env, Path.of("/flag-cfg"), Path.of("/flag-data"));
        assertThat(fromFlags.configDir()).isEqualTo(Path.of("/flag-cfg"));
        assertThat(fromFlags.dataDir()).isEqualTo(Path.of("/flag-data"));
    }

    @Test
    void eachDirectoryResolvesOnItsOwn() {
        DosPaths paths = DosPaths.resolve(Map.of("HOME", "/home/me", "DOS_DATA_DIR", "/dos-data"),
                Path.of("/flag-cfg"), null);
        assertThat(paths.configDir()).isEqualTo(Path.of("/flag-cfg"));
        assertThat(paths.dataDir()).isEqualTo(Path.of("/dos-data"));
    }

    @Test
    void relativeFlagsBecomeAbsolute() {
        DosPaths paths = DosPaths.resolve(Map.of(), Path.of("cfg"), Path.of("data"));
        assertThat(paths.configDir()).isAbsolute().isEqualTo(Path.of("cfg").toAbsolutePath());
        assertThat(paths.dataDir()).isAbsolute().isEqualTo(Path.of("data").toAbsolutePath());
    }

    @Test
    void withoutHomeOrOverridesTheErrorSaysWhatToSet() {
        assertThatThrownBy(() -> DosPaths.resolve(Map.of(), null, null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("HOME").hasMessageContaining("DOS_CONFIG_DIR");
        assertThatThrownBy(() -> DosPaths.resolve(Map.of("XDG_CONFIG_HOME", "/cfg"), null, null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DOS_DATA_DIR");
    }

    @Test
    void createdDirectoriesAreOwnerOnly() throws Exception {
        DosPaths paths = DosPaths.resolve(Map.of("HOME", tmp.toString()), null, null);
        paths.createDirectories();
        for (Path dir : new Path[] {paths.configDir(), paths.dataDir()}) {
            assertThat(dir).isDirectory();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        }
    }
}
