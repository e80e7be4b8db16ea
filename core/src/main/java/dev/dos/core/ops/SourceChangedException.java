package dev.dos.core.ops;

import java.util.List;

/**
 * Resume refused: the files of an incomplete batch changed since its upload began, so what is
 * packed now would not match the chunks already stored, and finishing the batch would mix two
 * versions. The batch stays INCOMPLETE; a new upload is the way forward.
 */
public class SourceChangedException extends RuntimeException {
    private final String batchId;
    private final List<String> differences;

    public SourceChangedException(String batchId, List<String> differences) {
        super("the files of batch " + batchId.substring(0, 8) + " changed since its upload began ("
                + String.join("; ", differences) + "), so resuming would mix two versions; upload them again"
                + " with 'dos upload' and remove this batch with 'dos delete " + batchId.substring(0, 8) + "'");
        this.batchId = batchId;
        this.differences = List.copyOf(differences);
    }

    public String batchId() {
        return batchId;
    }

    /** What changed, one line per item (a few at most). */
    public List<String> differences() {
        return differences;
    }
}
