package dev.dos.core.meta;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param items  the rows of this page, in order
 * @param total  rows matching the query across all pages
 * @param offset rows skipped before this page
 */
public record Page<T>(List<T> items, long total, int offset) {
    public Page {
        items = List.copyOf(items);
    }

    /** Whether rows follow this page. */
    public boolean hasMore() {
        return offset + (long) items.size() < total;
    }
}
