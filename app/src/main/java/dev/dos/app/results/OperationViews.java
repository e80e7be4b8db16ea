package dev.dos.app.results;

import dev.dos.core.backup.BackupResult;
import dev.dos.core.ops.RestoreOperation;
import dev.dos.core.ops.ResumeResult;
import dev.dos.core.ops.SyncIssue;
import dev.dos.core.ops.SyncReport;
import dev.dos.core.ops.UploadResult;
import dev.dos.core.ops.VerifyOperation;
import dev.dos.core.pack.RestoreProblem;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an operation did, as the CLI prints it with {@code --json} and a web job carries it as its
 * {@code result}: upload, resume, restore (download), verify, sync and backup.
 */
public final class OperationViews {
    private OperationViews() {
    }

    /** The new batch: the keys of {@link BatchViews#batch} it has, plus the files that could not be read. */
    public static Map<String, Object> upload(UploadResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("batch_id", r.batchId());
        m.put("name", r.name());
        m.put("original_bytes", r.originalBytes());
        m.put("stored_bytes", r.storedBytes());
        m.put("files", r.entryCount());
        m.put("chunks", r.chunkCount());
        m.put("warnings", r.warnings());
        return m;
    }

    /** {@link #upload} of the completed batch, plus where its chunks came from. */
    public static Map<String, Object> resume(ResumeResult r) {
        Map<String, Object> m = upload(r.upload());
        m.put("chunks_skipped", r.chunksSkipped());
        m.put("chunks_adopted", r.chunksAdopted());
        m.put("chunks_posted", r.chunksPosted());
        m.put("posts_removed", r.postsRemoved());
        return m;
    }

    public static Map<String, Object> restore(RestoreOperation.Report report, Path destination) {
        var r = report.result();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("batch_id", report.batchId());
        m.put("destination", destination.toAbsolutePath().toString());
        m.put("restored_entries", r.restoredEntries());
        m.put("restored_bytes", r.restoredBytes());
        m.put("chunks_fetched", report.chunksFetched());
        m.put("chunks_total", report.chunksTotal());
        m.put("problems", r.problems().stream().map(RestoreProblem::toString).toList());
        m.put("damaged_chunks", r.damagedChunks());
        return m;
    }

    public static Map<String, Object> verify(VerifyOperation.Report r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("batch_id", r.batchId());
        m.put("deep", r.deep());
        m.put("ok", r.ok());
        m.put("chunks", r.chunks());
        m.put("bad_chunks", r.badChunks().stream().map(c -> {
            Map<String, Object> bad = new LinkedHashMap<>();
            bad.put("index", c.index());
            bad.put("reason", c.reason());
            bad.put("affected_files", c.affectedPaths());
            return bad;
        }).toList());
        m.put("bad_files", r.badFiles());
        m.put("card_problem", r.cardProblem());
        m.put("foreign_posts", r.foreignPosts());
        return m;
    }

    public static Map<String, Object> sync(SyncReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reset", r.reset());
        m.put("clean", r.clean());
        m.put("cards_read", r.cardsRead());
        m.put("added", r.added());
        m.put("updated", r.updated());
        m.put("unchanged", r.unchanged());
        m.put("removed", r.removed());
        m.put("issues", r.issues().stream().map(OperationViews::issue).toList());
        return m;
    }

    private static Map<String, Object> issue(SyncIssue issue) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("batch_id", issue.batchId());
        m.put("kind", Views.lower(issue.kind()));
        m.put("recorded_as", Views.lower(issue.recordedAs()));
        m.put("chunks", issue.chunks());
        m.put("detail", issue.detail());
        return m;
    }

    public static Map<String, Object> backup(BackupResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backup_id", r.header().backupId().hex());
        m.put("created_at", Views.time(r.header().createdAt()));
        m.put("file", r.file().toString());
        m.put("database_bytes", r.databaseBytes());
        m.put("stored_bytes", r.storedBytes());
        m.put("chunks", r.header().chunkCount());
        m.put("discord_messages", r.remotePostIds());
        m.put("removed", r.removed().stream().map(Path::toString).toList());
        return m;
    }
}
