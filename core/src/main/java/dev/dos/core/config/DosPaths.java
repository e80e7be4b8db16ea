package dev.dos.core.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where dos keeps its configuration and its data.
 *
 * <p>Each directory is, in order of precedence: the command-line flag ({@code --config-dir},
 * {@code --data-dir}); the environment variable {@code DOS_CONFIG_DIR} / {@code DOS_DATA_DIR};
 * {@code $XDG_CONFIG_HOME/dos} / {@code $XDG_DATA_HOME/dos}; {@code $HOME/.config/dos} /
 * {@code $HOME/.local/share/dos}. As the XDG Base Directory specification requires, a relative
 * XDG variable is ignored. The environment is passed in, so tests never see the real one.
 *
 * @param configDir holds {@value #CONFIG_FILE_NAME} (token and channel ids) and the key file
 * @param dataDir   holds the metadata database
 */
public record DosPaths(Path configDir, Path dataDir) {

    public static final String CONFIG_FILE_NAME = "config.properties";
    /** The original tool kept its settings in a {@code .env}; one dropped into the config dir is read too. */
    public static final String ORIGINAL_ENV_FILE_NAME = ".env";
    public static final String DATABASE_FILE_NAME = "metadata.db";
    public static final String KEY_FILE_NAME = "key";

    public DosPaths {
        configDir = configDir.toAbsolutePath().normalize();
        dataDir = dataDir.toAbsolutePath().normalize();
    }

    /**
     * Resolves both directories.
     *
     * @param env            the environment (e.g. {@code System.getenv()})
     * @param configDirFlag  {@code --config-dir}, or null if not given
     * @param dataDirFlag    {@code --data-dir}, or null if not given
     * @throws ConfigException if a directory cannot be determined (no flag, no variable, no HOME)
     */
    public static DosPaths resolve(Map<String, String> env, Path configDirFlag, Path dataDirFlag) {
        Objects.requireNonNull(env, "env");
        Path config = configDirFlag != null ? configDirFlag
                : pick(env, "DOS_CONFIG_DIR", "XDG_CONFIG_HOME", Path.of(".config"));
        Path data = dataDirFlag != null ? dataDirFlag
                : pick(env, "DOS_DATA_DIR", "XDG_DATA_HOME", Path.of(".local", "share"));
        return new DosPaths(config, data);
    }

    private static Path pick(Map<String, String> env, String override, String xdgVariable, Path underHome) {
        String explicit = nonBlank(env.get(override));
        if (explicit != null) {
            return Path.of(explicit);
        }
        String xdg = nonBlank(env.get(xdgVariable));
        if (xdg != null && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "dos");
        }
        String home = nonBlank(env.get("HOME"));
        if (home == null) {
            throw new ConfigException("cannot tell where dos keeps its files: HOME is not set; set " + override
                    + " or " + xdgVariable);
        }
        return Path.of(home).resolve(underHome).resolve("dos");
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** Our settings file, written by {@link DosConfig#save}. */
    public Path configFile() {
        return configDir.resolve(CONFIG_FILE_NAME);
    }

    /** An original-style {@code .env} in the config dir, read with lower precedence than {@link #configFile()}. */
    public Path originalEnvFile() {
        return configDir.resolve(ORIGINAL_ENV_FILE_NAME);
    }

    public Path databaseFile() {
        return dataDir.resolve(DATABASE_FILE_NAME);
    }

    /** Where the encryption key lives unless {@code DOS_KEY_FILE} says otherwise. */
    public Path defaultKeyFile() {
        return configDir.resolve(KEY_FILE_NAME);
    }

    /** Creates both directories, owner-only (0700), if missing. */
    public void createDirectories() {
        for (Path dir : new Path[] {configDir, dataDir}) {
            try {
                OwnerOnly.createDirectories(dir);
            } catch (IOException e) {
                throw new ConfigException("cannot create " + dir + ": " + e.getMessage(), e);
            }
        }
    }
}
