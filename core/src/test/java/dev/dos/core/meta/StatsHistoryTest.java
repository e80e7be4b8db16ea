package dev.dos.core.meta;

import static dev.dos.core.meta.Fixtures.T0;
import static dev.dos.core.meta.Fixtures.id;
import static dev.dos.core.meta.Fixtures.uploading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsHistoryTest {
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
    void emptyStoreHasNoHistory() {
        assertThat(store.statsHistory(500)).isEmpty();
    }

    @Test
    void fewBatchesGiveOneRunningTotalPerCompletionLeavingUnfinishedOnesOut() {
        store.insertBatch(completed(1, T0.plusSeconds(30), 100, 10));
        store.insertBatch(completed(2, T0, 1000, 400));
        store.insertBatch(completed(3, T0.plusSeconds(60), 7, 3).withState(BatchState.DAMAGED));
        store.insertBatch(uploading(id(4)).withTotals(5000, 5000, 1, 1));
        store.insertBatch(completed(5, T0.plusSeconds(90), 5000, 5000).withState(BatchState.INCOMPLETE));

        assertThat(store.statsHistory(500)).containsExactly(
                new StatsPoint(T0, 400, 1000, 1),
                new StatsPoint(T0.plusSeconds(30), 410, 1100, 2),
                new StatsPoint(T0.plusSeconds(60), 413, 1107, 3));
    }

    @Test
    void manyBatchesAreBucketedByWholeHoursAndTheLastPointHoldsTheTotals() {
        // 600 batches, one every 5 minutes over 50 hours: too many minutes, few enough hours.
        for (int i = 0; i < 600; i++) {
            store.insertBatch(completed(i + 1, T0.plus(Duration.ofMinutes(5L * i)).plusMillis(1), 10, 1));
        }
        List<StatsPoint> points = store.statsHistory(500);
        assertThat(points).hasSize(50);
        assertThat(points.getFirst()).isEqualTo(new StatsPoint(T0, 12, 120, 12));
        assertThat(points.get(1).time()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(points.getLast()).isEqualTo(new StatsPoint(T0.plus(Duration.ofHours(49)), 600, 6000, 600));
    }

    @Test
    void spansBeyondWeeklyBucketsStillFitTheLimit() {
        for (int i = 0; i < 40; i++) {
            store.insertBatch(completed(i + 1, T0.plus(Duration.ofDays(30L * i)), 1, 1));
        }
        List<StatsPoint> points = store.statsHistory(10);
        assertThat(points).hasSizeLessThanOrEqualTo(10);
        assertThat(points.getLast().batches()).isEqualTo(40);
        assertThat(points).isSortedAccordingTo((a, b) -> a.time().compareTo(b.time()));
        assertThatThrownBy(() -> store.statsHistory(1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static BatchRecord completed(long n, Instant at, long original, long stored) {
        return uploading(id(n)).withState(BatchState.COMPLETE).withTotals(original, stored, 1, 1).withCompletedAt(at);
    }
}
