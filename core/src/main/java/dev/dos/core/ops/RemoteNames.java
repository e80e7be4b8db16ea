package dev.dos.core.ops;

import dev.dos.core.format.BatchId;

/**
 * Clear names given to things on the remote. They carry batch ids and indexes only, never a
 * file name (zero knowledge), and they let a person or a rebuild tell what each blob is.
 */
public final class RemoteNames {
    private RemoteNames() {
    }

    /** Name of the thread holding a batch's chunks. */
    public static String container(BatchId batch) {
        return "dos-" + batch.hex();
    }

    /**
     * Name of lane {@code lane} (1 or more) of a batch: a further thread its chunk posts are spread
     * over. Lane 0 is the container named by {@link #container}.
     */
    public static String lane(BatchId batch, int lane) {
        if (lane < 1) {
            throw new IllegalArgumentException("lane 0 is the batch's container; extra lanes start at 1");
        }
        return "dos-" + batch.hex() + "-lane" + lane;
    }

    /** Attachment name of chunk {@code index} of a batch. */
    public static String chunk(BatchId batch, int index) {
        return String.format("%s-%06d.dosc", batch.hex(), index);
    }

    /** Attachment name of chunk {@code index} of a database backup. */
    public static String backupChunk(BatchId backup, int index) {
        return String.format("%s-backup-%06d.dosc", backup.hex(), index);
    }

    /** Attachment name of part {@code part} of a batch's encrypted manifest. */
    public static String manifest(BatchId batch, int part) {
        return String.format("%s-manifest-%02d.dosm", batch.hex(), part);
    }
}
