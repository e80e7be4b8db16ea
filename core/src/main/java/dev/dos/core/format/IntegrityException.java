package dev.dos.core.format;

import java.io.IOException;

/**
 * Stored data failed a check: it was damaged, tampered with, is missing, or is not what was asked
 * for. Says which batch and which chunk (-1 for a manifest) and why. Never carries plaintext.
 */
public class IntegrityException extends IOException {

    /** Why a check failed. */
    public enum Reason {
        BAD_MAGIC("not a dos chunk or manifest (bad magic)"),
        UNKNOWN_VERSION("unknown format version"),
        BAD_HEADER("malformed header"),
        WRONG_BATCH("belongs to another batch"),
        WRONG_INDEX("is at the wrong index"),
        AUTH_FAILED("failed authentication (damaged or tampered with)"),
        TOO_LARGE("exceeds the size limit"),
        TRUNCATED("is truncated or the stream ends early"),
        MISSING("could not be read"),
        BAD_PAYLOAD("has an undecodable payload"),
        CONTENT_MISMATCH("does not match the manifest");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    private final BatchId batchId;
    private final int chunkIndex;
    private final Reason reason;

    public IntegrityException(BatchId batchId, int chunkIndex, Reason reason, String detail) {
        this(batchId, chunkIndex, reason, detail, null);
    }

    public IntegrityException(BatchId batchId, int chunkIndex, Reason reason, String detail, Throwable cause) {
        super(message(batchId, chunkIndex, reason, detail), cause);
        this.batchId = batchId;
        this.chunkIndex = chunkIndex;
        this.reason = reason;
    }

    /** The batch concerned, or null when unknown (a blob that is not dos data at all). */
    public BatchId batchId() {
        return batchId;
    }

    /** The chunk concerned, or -1 when the failure is not about one chunk (a manifest). */
    public int chunkIndex() {
        return chunkIndex;
    }

    public Reason reason() {
        return reason;
    }

    private static String message(BatchId batchId, int chunkIndex, Reason reason, String detail) {
        StringBuilder text = new StringBuilder();
        text.append(batchId == null ? "data" : "batch " + batchId);
        text.append(chunkIndex >= 0 ? " chunk " + chunkIndex : chunkIndex == -1 && batchId != null ? " manifest" : "");
        text.append(' ').append(reason.text());
        if (detail != null && !detail.isEmpty()) {
            text.append(": ").append(detail);
        }
        return text.toString();
    }
}
