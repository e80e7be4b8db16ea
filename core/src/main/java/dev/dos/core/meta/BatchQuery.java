package dev.dos.core.meta;

import java.util.Objects;
import java.util.Set;

/**
 * Which batches to list, in which order, which page. Build from {@link #all()}.
 *
 * @param nameContains case-insensitive (ASCII) substring of the display name; null or empty: any name
 * @param states       only batches in these states; null or empty: any state
 * @param sort         order
 * @param descending   largest/newest/last-in-alphabet first
 * @param offset       rows to skip, from 0
 * @param limit        most rows to return, at least 1
 */
public record BatchQuery(String nameContains, Set<BatchState> states, BatchSort sort, boolean descending,
                         int offset, int limit) {

    public static final int DEFAULT_LIMIT = 50;

    public BatchQuery {
        states = states == null ? Set.of() : Set.copyOf(states);
        Objects.requireNonNull(sort, "sort");
        if (offset < 0 || limit < 1) {
            throw new IllegalArgumentException("offset must be >= 0 and limit >= 1: " + offset + ", " + limit);
        }
    }

    /** Every batch, newest first, first page of {@link #DEFAULT_LIMIT}. */
    public static BatchQuery all() {
        return new BatchQuery(null, Set.of(), BatchSort.CREATED, true, 0, DEFAULT_LIMIT);
    }

    public BatchQuery nameContaining(String text) {
        return new BatchQuery(text, states, sort, descending, offset, limit);
    }

    public BatchQuery inStates(Set<BatchState> newStates) {
        return new BatchQuery(nameContains, newStates, sort, descending, offset, limit);
    }

    public BatchQuery sortedBy(BatchSort newSort, boolean newDescending) {
        return new BatchQuery(nameContains, states, newSort, newDescending, offset, limit);
    }

    public BatchQuery page(int newOffset, int newLimit) {
        return new BatchQuery(nameContains, states, sort, descending, newOffset, newLimit);
    }
}
