package dev.dos.app.cli;

import dev.dos.app.store.StoreSession;
import dev.dos.core.backup.BackupNotFoundException;
import dev.dos.core.backup.DatabaseInUseException;
import dev.dos.core.backup.DatabaseRestore;
import dev.dos.core.backup.RestoredDatabase;
import dev.dos.core.meta.MetadataException;
import dev.dos.core.ops.Repository;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dos restore-db <file|latest>}: replaces the local index with a verified backup. */
@Command(name = "restore-db", mixinStandardHelpOptions = true,
        description = {"Replace the local index with a verified backup.",
                "SOURCE is a file made by 'dos backup', or 'latest': the newest backup in",
                "the backup channel. Every chunk is decrypted and the result must open as a",
                "dos index before anything is replaced, and a backup whose date says more",
                "than its content is refused; the current index is kept as",
                "metadata.db.bak-<time>. Stop other dos processes using this index first.",
                "Batches uploaded after the backup are not in it: run 'dos sync' next.",
                "If metadata.db is too damaged for any command to open, move it aside first."})
final class RestoreDbCommand extends StoreCommand {
    static final String LATEST = "latest";

    @Parameters(paramLabel = "SOURCE", description = "A backup file, or 'latest' (the backup channel's newest; ./latest for a file of that name).")
    String source;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @Override
    int run(StoreSession session) throws Exception {
        Repository repo = session.repository();
        Path live = session.databaseFile();
        DatabaseRestore restore = new DatabaseRestore(repo.remote(), repo.key());
        RestoredDatabase restored;
        try (ProgressBars bars = progress(quiet || json)) {
            restored = LATEST.equals(source) ? restore.fromLatestRemote(live.getParent(), bars)
                    : restore.fromFile(Path.of(source), live.getParent(), bars);
        } catch (BackupNotFoundException e) {
            throw new UserError(ExitCode.NOT_FOUND, e.getMessage());
        } catch (MetadataException.UnsupportedSchema e) {
            throw new UserError(ExitCode.INTEGRITY, "refused: " + e.getMessage());
        }
        if (!json) {
            if (restored.foreignPosts() > 0) {
                err().printf("warning: ignored %d backup post(s) in the backup channel not made by our bot%n",
                        restored.foreignPosts());
            }
            out().printf("installing backup %s of %s (%d batch%s, from %s)%s%n", restored.header().backupId(),
                    restored.header().createdAt(), restored.batches(), restored.batches() == 1 ? "" : "es",
                    restored.source(), restored.dateChecked() ? ""
                            : "; it predates dated backups, so its date could not be checked");
        }
        Path previous;
        try (restored) {
            previous = DatabaseRestore.install(restored, repo.metadata(), live);
        } catch (DatabaseInUseException e) {
            throw new UserError(ExitCode.FAILURE, e.getMessage());
        }
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("backup_id", restored.header().backupId().hex());
            out.put("created_at", restored.header().createdAt().toString());
            out.put("source", restored.source());
            out.put("schema_version", restored.schemaVersion());
            out.put("batches", restored.batches());
            out.put("date_checked", restored.dateChecked());
            out.put("foreign_posts_ignored", restored.foreignPosts());
            out.put("database", live.toString());
            out.put("previous", previous.toString());
            printJson(out);
            return ExitCode.OK;
        }
        out().println("restored the index; the previous one is kept as " + previous);
        out().println("  batches uploaded after the backup are not in it: run 'dos sync' to add them from Discord");
        return ExitCode.OK;
    }
}
