package dev.dos.app.summary;

import dev.dos.core.backup.BackupResult;
import dev.dos.core.ops.ResumeResult;
import dev.dos.core.ops.RestoreOperation;
import dev.dos.core.ops.Sizes;
import dev.dos.core.ops.SyncReport;
import dev.dos.core.ops.UploadResult;
import java.nio.file.Path;

/**
 * One-line summaries of what an operation did: the CLI prints them, the web API stores them as
 * the job's final message, so both say the same thing in the same words.
 */
public final class ResultLines {
    private ResultLines() {
    }

    public static String upload(UploadResult r) {
        return String.format("uploaded batch %s: %d entries, %s -> %s stored in %d chunk(s)", r.batchId(),
                r.entryCount(), Sizes.human(r.originalBytes()), Sizes.human(r.storedBytes()), r.chunkCount());
    }

    public static String resume(ResumeResult r) {
        return String.format("resumed batch %s: %d of %d chunk(s) were already stored, %d found on Discord, %d posted now%s",
                r.upload().batchId(), r.chunksSkipped(), r.upload().chunkCount(), r.chunksAdopted(), r.chunksPosted(),
                r.postsRemoved() == 0 ? "" : "; removed " + r.postsRemoved() + " duplicate post(s)");
    }

    public static String restore(RestoreOperation.Report report, Path destination) {
        var r = report.result();
        return String.format("restored %d of %d entries (%s) from %d of %d chunk(s) into %s", r.restoredEntries(),
                r.selectedEntries(), Sizes.human(r.restoredBytes()), report.chunksFetched(), report.chunksTotal(),
                destination);
    }

    public static String sync(SyncReport r) {
        return String.format("%s: %d added, %d updated, %d unchanged, %d removed (%d card%s read)",
                r.reset() ? "index rebuilt from Discord" : "synced with Discord", r.added().size(), r.updated().size(),
                r.unchanged(), r.removed().size(), r.cardsRead(), r.cardsRead() == 1 ? "" : "s");
    }

    public static String backup(BackupResult r) {
        int chunks = r.header().chunkCount();
        return String.format("backup %s: index of %s sealed into %s (%d chunk%s)", r.header().backupId(),
                Sizes.human(r.databaseBytes()), Sizes.human(r.storedBytes()), chunks, chunks == 1 ? "" : "s");
    }

    /** "3 warnings", "1 warning". */
    public static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
