package dev.dos.core.meta;

import java.time.Instant;
import java.util.Optional;

/**
 * Small local facts by key: sync cursors, the last verify and backup times, the web server's
 * transfer policy ({@link SettingKeys} names the ones dos reads). Same rules as {@link BatchStore}:
 * each call atomic, a database failure throws {@link MetadataException}, safe for concurrent use.
 */
public interface Settings {

    Optional<String> setting(String key);

    void putSetting(String key, String value);

    boolean removeSetting(String key);

    /** A setting holding an ISO-8601 instant. */
    default Optional<Instant> instantSetting(String key) {
        return setting(key).map(text -> SettingKeys.parseInstant(key, text));
    }

    default void putInstantSetting(String key, Instant value) {
        putSetting(key, value.toString());
    }
}
