package dev.dos.core.meta;

import java.time.Instant;
import java.util.Optional;

/**
 * Totals over every batch in the index, whatever its state.
 *
 * @param batches           number of batches
 * @param files             sum of the batches' file counts
 * @param storedBytes       sum of ciphertext bytes
 * @param originalBytes     sum of original content bytes
 * @param chunks            sum of the batches' chunk counts
 * @param incompleteUploads batches UPLOADING or INCOMPLETE
 * @param damagedBatches    batches DAMAGED
 * @param lastVerify        from setting {@link SettingKeys#LAST_VERIFY_AT}
 * @param lastBackup        from setting {@link SettingKeys#LAST_BACKUP_AT}
 */
public record StoreStats(long batches, long files, long storedBytes, long originalBytes, long chunks,
                         long incompleteUploads, long damagedBatches, Optional<Instant> lastVerify,
                         Optional<Instant> lastBackup) {

    /** Original bytes per stored byte (2.0: stored in half the space); 0 when nothing is stored. */
    public double compressionRatio() {
        return storedBytes == 0 ? 0 : (double) originalBytes / storedBytes;
    }
}
