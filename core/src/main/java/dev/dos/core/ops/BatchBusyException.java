package dev.dos.core.ops;

/** Another process is uploading (or resuming) this batch right now; try again once it ends. */
public class BatchBusyException extends RuntimeException {
    public BatchBusyException(String batchId) {
        super("batch " + batchId + " is being uploaded by another dos process right now; try again once it ends");
    }
}
