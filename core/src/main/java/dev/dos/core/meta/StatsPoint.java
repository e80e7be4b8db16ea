package dev.dos.core.meta;

import java.time.Instant;
import java.util.Objects;

/**
 * Running totals of the batches whose upload completed, as of {@code time}: one point of the
 * store's growth over time ({@link BatchStore#statsHistory}).
 *
 * @param time          the completion time, or the start of the bucket that groups several
 * @param storedBytes   ciphertext bytes of the batches completed by then
 * @param originalBytes original content bytes of the batches completed by then
 * @param batches       number of batches completed by then
 */
public record StatsPoint(Instant time, long storedBytes, long originalBytes, long batches) {
    public StatsPoint {
        Objects.requireNonNull(time, "time");
    }
}
