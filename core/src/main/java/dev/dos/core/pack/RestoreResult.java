package dev.dos.core.pack;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a restore or verify did.
 *
 * @param selectedEntries entries asked for
 * @param restoredEntries entries written (or, when verifying, checked) successfully
 * @param restoredBytes   file content bytes among them
 * @param problems        every entry not restored, in tar order
 * @param damagedChunks   chunks that were missing or failed their checks
 */
public record RestoreResult(int selectedEntries, int restoredEntries, long restoredBytes,
                            List<RestoreProblem> problems, SortedSet<Integer> damagedChunks) {
    public RestoreResult {
        problems = List.copyOf(problems);
        damagedChunks = new TreeSet<>(damagedChunks);
    }

    /**
     * Whether any entry was lost or broken, or any chunk failed its checks (even one holding only
     * the end of the tar). Skipped existing files and refused symlinks are not failures.
     */
    public boolean hasFailures() {
        return !damagedChunks.isEmpty() || problems.stream().anyMatch(problem -> problem.kind().isFailure());
    }

    @Override
    public SortedSet<Integer> damagedChunks() {
        return new TreeSet<>(damagedChunks);
    }
}
