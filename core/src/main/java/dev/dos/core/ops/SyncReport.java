package dev.dos.core.ops;

import java.util.List;

/**
 * What a sync changed in the local index.
 *
 * @param reset     whether the whole index was rebuilt from the remote ({@code sync --reset})
 * @param cardsRead batch cards read from the index area in this run
 * @param added     batches new to the local index
 * @param updated   batches the index knew, whose rows changed
 * @param unchanged batches the index already knew exactly as the remote describes them
 * @param removed   batches dropped from the index because the remote no longer has them (deleted elsewhere)
 * @param issues    every disagreement between a card and its container, with how the batch was recorded
 */
public record SyncReport(boolean reset, int cardsRead, List<String> added, List<String> updated, int unchanged,
                         List<String> removed, List<SyncIssue> issues) {
    public SyncReport {
        added = List.copyOf(added);
        updated = List.copyOf(updated);
        removed = List.copyOf(removed);
        issues = List.copyOf(issues);
    }

    /** Whether the remote had no disagreements to report. */
    public boolean clean() {
        return issues.isEmpty();
    }
}
