package dev.dos.app.summary;

import dev.dos.core.backup.BackupResult;
import dev.dos.core.meta.StoreStats;
import dev.dos.core.ops.ResumeResult;
import dev.dos.core.ops.RestoreOperation;
import dev.dos.core.ops.Sizes;
import dev.dos.core.ops.SyncReport;
import dev.dos.core.ops.UploadResult;
import dev.dos.core.ops.VerifyOperation;
import java.nio.file.Path;

/**
 * One-line summaries of what an operation did: the CLI prints them, the web API stores them as
 * the job's final message, so both say the same thing in the same words. Their JSON counterparts
 * are in {@link dev.dos.app.results}.
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

    /** "batch <id>: OK (12 chunks, all files checked)" or "batch <id>: DAMAGED (1 bad chunk, 2 bad files)". */
    public static String verify(VerifyOperation.Report r) {
        if (r.ok()) {
            return String.format("batch %s: OK (%d chunks%s)", r.batchId(), r.chunks(), r.deep() ? ", all files checked" : "");
        }
        return String.format("batch %s: DAMAGED (%s, %s%s)", r.batchId(), count(r.badChunks().size(), "bad chunk"),
                count(r.badFiles().size(), "bad file"), r.cardProblem() == null ? "" : ", batch card: " + r.cardProblem());
    }

    /** The totals, one per line (no trailing newline). */
    public static String stats(StoreStats s) {
        return String.format("batches  %d%nfiles    %d%noriginal %s%nstored   %s (ratio %.2f)%nchunks   %d%n"
                        + "incomplete uploads %d%ndamaged batches %d%nlast verify %s%nlast backup %s", s.batches(), s.files(),
                Sizes.human(s.originalBytes()), Sizes.human(s.storedBytes()), s.compressionRatio(), s.chunks(),
                s.incompleteUploads(), s.damagedBatches(), s.lastVerify().map(Object::toString).orElse("never"),
                s.lastBackup().map(Object::toString).orElse("never"));
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
