package dev.dos.core.ops;

import dev.dos.core.meta.BatchSnapshot;
import java.util.List;

/**
 * One batch as read back from the remote by a sync.
 *
 * @param snapshot what to store; null when the batch must not be recorded (another key's, or gone meanwhile)
 * @param issues   disagreements found, each naming the state the batch is recorded in
 */
record Rebuilt(BatchSnapshot snapshot, List<SyncIssue> issues) {
    Rebuilt {
        issues = List.copyOf(issues);
    }
}
