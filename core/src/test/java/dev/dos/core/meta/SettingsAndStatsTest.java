package dev.dos.core.meta;

import static dev.dos.core.meta.Fixtures.T0;
import static dev.dos.core.meta.Fixtures.id;
import static dev.dos.core.meta.Fixtures.uploading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsAndStatsTest {
    @TempDir
    Path dir;
    SqliteMetadataStore store;

    @BeforeEach
    void open() {
        store = SqliteMetadataStore.open(dir.resolve("metadata.db"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void settingsArePutReplacedAndRemoved() {
        String cursor = SettingKeys.syncCursor("discord");
        assertThat(store.setting(cursor)).isEmpty();
        store.putSetting(cursor, "1200000000000000001");
        store.putSetting(cursor, "1200000000000000099");
        assertThat(store.setting(cursor)).contains("1200000000000000099");
        assertThat(store.removeSetting(cursor)).isTrue();
        assertThat(store.removeSetting(cursor)).isFalse();
        assertThat(store.setting(cursor)).isEmpty();
    }

    @Test
    void instantSettingsRoundTripAndGarbageIsReported() {
        Instant at = Instant.parse("2025-04-05T06:07:08.009Z");
        store.putInstantSetting(SettingKeys.LAST_VERIFY_AT, at);
        assertThat(store.instantSetting(SettingKeys.LAST_VERIFY_AT)).contains(at);

        store.putSetting(SettingKeys.LAST_BACKUP_AT, "yesterday");
        assertThatThrownBy(() -> store.instantSetting(SettingKeys.LAST_BACKUP_AT))
                .isInstanceOf(MetadataException.class).hasMessageContaining(SettingKeys.LAST_BACKUP_AT);
    }

    @Test
    void statsOfAnEmptyStoreAreZero() {
        StoreStats stats = store.stats();
        assertThat(stats).isEqualTo(new StoreStats(0, 0, 0, 0, 0, 0, 0, Optional.empty(), Optional.empty()));
        assertThat(stats.compressionRatio()).isZero();
    }

    @Test
    void statsSumEveryBatchAndCountUnfinishedAndDamagedOnes() {
        store.insertBatch(batch(id(1), BatchState.COMPLETE, 1000, 400, 10, 3));
        store.insertBatch(batch(id(2), BatchState.DAMAGED, 3000, 600, 5, 2));
        store.insertBatch(batch(id(3), BatchState.UPLOADING, 500, 100, 1, 1));
        store.insertBatch(batch(id(4), BatchState.INCOMPLETE, 500, 100, 1, 1));
        Instant verified = Instant.parse("2025-05-01T00:00:00Z");
        Instant backedUp = Instant.parse("2025-05-02T00:00:00Z");
        store.putInstantSetting(SettingKeys.LAST_VERIFY_AT, verified);
        store.putInstantSetting(SettingKeys.LAST_BACKUP_AT, backedUp);

        StoreStats stats = store.stats();
        assertThat(stats).isEqualTo(new StoreStats(4, 17, 1200, 5000, 7, 2, 1, Optional.of(verified), Optional.of(backedUp)));
        assertThat(stats.compressionRatio()).isEqualTo(5000.0 / 1200);
    }

    private static BatchRecord batch(String id, BatchState state, long original, long stored, long files, int chunks) {
        return uploading(id).withState(state).withTotals(original, stored, files, chunks).withCompletedAt(T0);
    }
}
