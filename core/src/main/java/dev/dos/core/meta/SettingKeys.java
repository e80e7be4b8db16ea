package dev.dos.core.meta;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Names of the settings dos itself reads. Times are stored as ISO-8601 instants
 * ({@link Settings#putInstantSetting}).
 */
public final class SettingKeys {
    /** When the last verify of all batches finished. */
    public static final String LAST_VERIFY_AT = "verify.last_at";
    /** When the last database backup was taken. */
    public static final String LAST_BACKUP_AT = "backup.last_at";
    /**
     * The date of the backup a snapshot of the index was taken for, written just before the snapshot
     * so it is inside it, encrypted and authenticated with it: a backup whose clear date claims more
     * (an older backup posted again under a newer date) is refused on restore.
     */
    public static final String SNAPSHOT_FOR_BACKUP_AT = "backup.snapshot_at";

    private SettingKeys() {
    }

    /**
     * Where an incremental sync from remote {@code remoteName} stopped (e.g. the last index-card post
     * id seen), so the next sync reads only newer posts.
     */
    public static String syncCursor(String remoteName) {
        if (remoteName.isBlank()) {
            throw new IllegalArgumentException("remote name is blank");
        }
        return "sync.cursor." + remoteName;
    }

    /**
     * The staging folder of a browser upload that stopped resumably: its files are the batch's
     * sources, so they stay until the batch completes or is deleted.
     */
    public static String webStaging(String batchId) {
        return "web.staging." + HexIds.requireLowerHex(batchId, 32, "batch id");
    }

    /** Reads a setting written by {@link Settings#putInstantSetting}. */
    static Instant parseInstant(String key, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new MetadataException("setting " + key + " is not an ISO-8601 instant: " + text, e);
        }
    }
}
