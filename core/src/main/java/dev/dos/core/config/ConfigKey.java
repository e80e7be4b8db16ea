package dev.dos.core.config;

import java.util.Optional;

/**
 * The settings dos reads, each under one name used alike in the environment and in config files,
 * plus (for most) the name the original Python tool used in its {@code .env}, accepted as an alias.
 * Where both names are given in the same place, ours wins.
 */
public enum ConfigKey {
    TOKEN("DOS_TOKEN", "DISCORD_TOKEN"),
    GUILD_ID("DOS_GUILD_ID", "GUILD_ID"),
    STORAGE_CHANNEL_ID("DOS_STORAGE_CHANNEL_ID", "STORAGE_CHANNEL_ID"),
    INDEX_CHANNEL_ID("DOS_INDEX_CHANNEL_ID", "INDEX_CHANNEL_ID"),
    BACKUP_CHANNEL_ID("DOS_BACKUP_CHANNEL_ID", "BACKUP_CHANNEL_ID"),
    API_BASE_URL("DOS_API_BASE_URL", null),
    CHUNK_SIZE("DOS_CHUNK_SIZE", "MAX_CHUNK_SIZE"),
    CODEC("DOS_CODEC", null),
    KEY_FILE("DOS_KEY_FILE", null),
    /** Folders {@code dos web} may read uploads from and restore into, separated by the path separator. */
    WEB_ROOTS("DOS_WEB_ROOTS", null);

    private final String envName;
    private final String originalName;

    ConfigKey(String envName, String originalName) {
        this.envName = envName;
        this.originalName = originalName;
    }

    /** Our name, in the environment and in files. */
    public String envName() {
        return envName;
    }

    /** The original tool's {@code .env} name, if it had this setting. */
    public Optional<String> originalName() {
        return Optional.ofNullable(originalName);
    }

    /** "DOS_TOKEN (or DISCORD_TOKEN)", for messages. */
    String describe() {
        return originalName == null ? envName : envName + " (or " + originalName + ")";
    }
}
