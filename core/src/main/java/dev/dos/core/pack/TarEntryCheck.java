package dev.dos.core.pack;

import dev.dos.core.format.BatchId;
import dev.dos.core.format.EntryType;
import dev.dos.core.format.IntegrityException;
import dev.dos.core.format.ManifestEntry;
import java.util.Objects;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Checks a tar entry against the manifest entry it must be: a type dos writes, a safe path, and
 * the same path, type, size and link target. The tar is authenticated, so a mismatch means a batch
 * made by something other than dos.
 */
final class TarEntryCheck {
    private TarEntryCheck() {
    }

    static void check(TarArchiveEntry tarEntry, ManifestEntry expected, BatchId batchId, int chunkIndex)
            throws UnsafePathException, IntegrityException {
        String path = TarFormat.pathOf(tarEntry);
        EntryType type = TarFormat.typeOf(tarEntry);
        if (type == null || tarEntry.isSparse()) {
            throw new UnsafePathException(path, describe(tarEntry) + " entries are never restored");
        }
        EntryPaths.check(path);
        boolean matches = path.equals(expected.path())
                && type == expected.type()
                && (type != EntryType.FILE || tarEntry.getSize() == expected.size())
                && (type != EntryType.SYMLINK || Objects.equals(tarEntry.getLinkName(), expected.linkTarget()));
        if (!matches) {
            throw new IntegrityException(batchId, chunkIndex, IntegrityException.Reason.CONTENT_MISMATCH,
                    "tar entry \"" + path + "\" (" + type + ") where the manifest lists \"" + expected.path() + "\" ("
                            + expected.type() + ")");
        }
    }

    private static String describe(TarArchiveEntry entry) {
        if (entry.isSparse()) {
            return "sparse file";
        }
        if (entry.isLink()) {
            return "hard link";
        }
        if (entry.isCharacterDevice() || entry.isBlockDevice()) {
            return "device";
        }
        if (entry.isFIFO()) {
            return "FIFO";
        }
        return "type '" + (char) entry.getLinkFlag() + "'";
    }
}
