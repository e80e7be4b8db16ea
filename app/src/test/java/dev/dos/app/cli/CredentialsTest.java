package dev.dos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.core.crypto.Argon2Params;
import dev.dos.core.crypto.KeyFile;
import dev.dos.core.testing.Reliability;
import dev.dos.emulator.RequestRecord;
import dev.dos.emulator.model.Permission;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/**
 * Wrong key, wrong passphrase, wrong or revoked bot token, revoked channel permissions and deleted
 * channels, each against every store command through the real CLI on a {@code dos setup} store
 * on the Discord emulator. A refusal must be one line on stderr that says what is wrong and what
 * to do, with the documented exit code; it must write nothing (the index's rows, the config and
 * data folders, the download destination and Discord all unchanged) and print neither the bot
 * token, the passphrase nor the key in any form.
 */
@Tag(Reliability.TAG)
class CredentialsTest {
    private static final String AREA = "credentials";
    /**
     * Commands that only read the local index: they unlock no key and contact no Discord, so
     * neither a remote condition nor a wrong key or passphrase concerns them.
     */
    private static final List<String> LOCAL = List.of("list", "info", "stats");

    @TempDir
    Path home;

    private EmulatedDiscord discord;
    private Path src;
    private String complete;
    private String incomplete;
    private int destinations;

    @BeforeEach
    void store() throws Exception {
        store(home);
    }

    /** A fresh emulator and {@code dos setup} store in {@code where}: one complete batch, one incomplete, one backup. */
    private void store(Path where) throws Exception {
        if (discord != null) {
            discord.close();
        }
        home = Files.createDirectories(where);
        discord = EmulatedDiscord.withStore(home);
        src = tree("src", 1);
        EmulatedDiscord.Run upload = discord.dos("upload", "-q", "--json", src.toString());
        assertThat(upload.code()).as(upload.all()).isZero();
        complete = upload.json().get("batch_id").asText();
        // An incomplete batch for 'resume': its first chunk post is refused, then the permission comes back.
        discord.emulator.admin().setChannelPermissions(discord.channel("storage"), Permission.ALL & ~Permission.ATTACH_FILES);
        EmulatedDiscord.Run stopped = discord.dos("upload", "-q", tree("half", 2).toString());
        assertThat(stopped.code()).as(stopped.all()).isEqualTo(ExitCode.AUTH);
        discord.emulator.admin().setChannelPermissions(discord.channel("storage"), Permission.ALL);
        incomplete = discord.dos("resume", "--json").json().get("resumable").get(0).get("batch_id").asText();
        EmulatedDiscord.Run backup = discord.dos("backup", "--to-discord", "-q");
        assertThat(backup.code()).as(backup.all()).isZero();
    }

    @AfterEach
    void stop() {
        discord.close();
    }

    // ---- the cases ----

    @Test
    void aKeyFileOfAnotherSetupIsRefusedByEveryCommandThatUsesTheKey() throws Exception {
        Path key = discord.configDir().resolve("key");
        Path other = home.resolve("other-setup-key");
        KeyFile.create(other, EmulatedDiscord.PASSPHRASE.toCharArray(), Argon2Params.DEFAULT);
        SecretScan secrets = baseSecrets().key("the other key", other, EmulatedDiscord.PASSPHRASE);
        Files.copy(other, key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        Matrix m = new Matrix("wrong key");
        for (Command c : commands()) {
            if (LOCAL.contains(c.name())) {
                m.unaffected(c, run(env(), c), secrets);
            } else {
                m.refused(c, run(env(), c), ExitCode.AUTH, secrets, line -> line.contains("wrong key")
                        && line.contains("key file"));
            }
        }
        m.finish("cred-wrong-key", "the key file replaced by another setup's (same passphrase)", "aKeyFileOfAnotherSetupIsRefusedByEveryCommandThatUsesTheKey");
    }

    @Test
    void aWrongPassphraseIsRefusedByEveryCommandThatUsesTheKey() throws Exception {
        String wrong = "correct horse battery staple";
        SecretScan secrets = baseSecrets().text("the wrong passphrase", wrong);
        Matrix m = new Matrix("wrong passphrase");
        for (Command c : commands()) {
            if (LOCAL.contains(c.name())) {
                m.unaffected(c, run(Map.of("DOS_PASSPHRASE", wrong), c), secrets);
            } else {
                m.refused(c, run(Map.of("DOS_PASSPHRASE", wrong), c), ExitCode.AUTH, secrets,
                        line -> line.contains("wrong key") && line.contains("passphrase"));
            }
        }
        m.finish("cred-wrong-passphrase", "DOS_PASSPHRASE is not the key file's passphrase", "aWrongPassphraseIsRefusedByEveryCommandThatUsesTheKey");
    }

    @Test
    void aWrongTokenIsRefusedByEveryCommandThatTalksToDiscord() throws Exception {
        String token = discord.token();
        String wrong = token.substring(0, token.length() - 6) + (token.endsWith("AAAAAA") ? "BBBBBB" : "AAAAAA");
        SecretScan secrets = baseSecrets().text("the wrong token", wrong);
        Map<String, String> env = Map.of("DOS_PASSPHRASE", EmulatedDiscord.PASSPHRASE, "DOS_TOKEN", wrong);
        Matrix m = new Matrix("wrong token");
        for (Command c : commands()) {
            if (LOCAL.contains(c.name())) {
                m.unaffected(c, run(env, c), secrets);
            } else {
                m.refused(c, run(env, c), ExitCode.AUTH, secrets, CredentialsTest::saysToFixTheToken);
            }
        }
        m.finish("cred-wrong-token", "DOS_TOKEN set to another (well-formed) bot token", "aWrongTokenIsRefusedByEveryCommandThatTalksToDiscord");
    }

    @Test
    void aTokenRevokedAfterSetupIsRefusedByEveryCommandThatTalksToDiscord() throws Exception {
        SecretScan secrets = baseSecrets();
        discord.emulator.admin().revokeToken();
        Matrix m = new Matrix("revoked token");
        for (Command c : commands()) {
            if (LOCAL.contains(c.name())) {
                m.unaffected(c, run(env(), c), secrets);
            } else {
                m.refused(c, run(env(), c), ExitCode.AUTH, secrets, CredentialsTest::saysToFixTheToken);
            }
        }
        m.finish("cred-revoked-token", "the bot token revoked on Discord after setup", "aTokenRevokedAfterSetupIsRefusedByEveryCommandThatTalksToDiscord");
    }

    @Test
    void eachRevokedPermissionIsNamedByTheCommandsThatNeedIt() throws Exception {
        Map<String, Long> permissions = new LinkedHashMap<>();
        permissions.put("SEND_MESSAGES", Permission.SEND_MESSAGES);
        permissions.put("ATTACH_FILES", Permission.ATTACH_FILES);
        permissions.put("READ_MESSAGE_HISTORY", Permission.READ_MESSAGE_HISTORY);
        permissions.put("MANAGE_THREADS", Permission.MANAGE_THREADS);
        Matrix m = new Matrix("revoked permission");
        Path base = home;
        // The normal suite takes one permission that writes and one that reads; the soak run all four.
        List<Map.Entry<String, Long>> chosen = new ArrayList<>(permissions.entrySet());
        if (Reliability.factor() == 1) {
            chosen = List.of(chosen.get(1), chosen.get(2));
        }
        for (var p : chosen) {
            store(base.resolve(p.getKey().toLowerCase(java.util.Locale.ROOT)));
            SecretScan secrets = baseSecrets();
            for (String channel : List.of("storage", "index", "backup")) {
                discord.emulator.admin().setChannelPermissions(discord.channel(channel), Permission.ALL & ~p.getValue());
            }
            for (Command c : commands()) {
                Outcome o = run(env(), c);
                m.tally(p.getKey(), c, o);
                if (o.run().code() == ExitCode.OK) {
                    m.notNeeded(c, o, secrets);
                } else if (o.run().code() == ExitCode.NOT_FOUND && c.name().startsWith("restore-db")
                        && p.getKey().equals("READ_MESSAGE_HISTORY")) {
                    // Discord shows a channel without READ_MESSAGE_HISTORY as empty: no backup found, which says so.
                    m.refused(c, o, ExitCode.NOT_FOUND, secrets, line -> line.contains("READ_MESSAGE_HISTORY"));
                } else if (o.run().code() == ExitCode.PARTIAL) {
                    // e.g. sync --reset finding the thread of the upload this permission just stopped
                    m.reported(c, o, ExitCode.PARTIAL, secrets, all -> all.contains(p.getKey())
                            || all.contains("has not finished"));
                } else {
                    m.refused(c, o, ExitCode.AUTH, secrets, line -> line.contains(p.getKey())
                            && (line.contains("dos setup") || line.contains("backup was saved")));
                }
            }
        }
        m.finish("cred-revoked-permissions", "SEND_MESSAGES, ATTACH_FILES, READ_MESSAGE_HISTORY or MANAGE_THREADS"
                + " removed from the bot in all three channels", "eachRevokedPermissionIsNamedByTheCommandsThatNeedIt");
    }

    @Test
    void aDeletedStorageOrIndexChannelIsReportedByEveryCommandThatNeedsIt() throws Exception {
        Matrix m = new Matrix("deleted channel");
        Path base = home;
        // The normal suite deletes the storage channel; the soak run also the index channel.
        for (String channel : Reliability.factor() == 1 ? List.of("storage") : List.of("storage", "index")) {
            store(base.resolve(channel));
            SecretScan secrets = baseSecrets();
            discord.emulator.admin().deleteChannel(discord.channel(channel));
            for (Command c : commands()) {
                Outcome o = run(env(), c);
                m.tally(channel, c, o);
                if (o.run().code() == ExitCode.OK) {
                    m.notNeeded(c, o, secrets);
                } else if (o.run().code() == ExitCode.INTEGRITY) {
                    // The storage channel took the batch's chunks with it: lost data, reported as such.
                    m.reported(c, o, ExitCode.INTEGRITY, secrets, all -> all.contains("Unknown Channel")
                            || all.contains("missing"));
                } else {
                    m.refused(c, o, ExitCode.NOT_FOUND, secrets, line -> line.contains("dos setup"));
                }
            }
        }
        m.finish("cred-deleted-channel", "the storage channel, or the index channel, deleted on Discord",
                "aDeletedStorageOrIndexChannelIsReportedByEveryCommandThatNeedsIt");
    }

    /** Regression for the wrong-key check: a key replaced on purpose ('dos setup --force') is not a wrong key. */
    @Test
    void aKeyReplacedOnPurposeWithSetupForceIsAccepted() throws Exception {
        EmulatedDiscord.Run forced = discord.setUp("--force");
        assertThat(forced.code()).as(forced.all()).isZero();
        assertThat(discord.dos("list").code()).isZero();
        EmulatedDiscord.Run upload = discord.dos("upload", "-q", tree("after-force", 4).toString());
        assertThat(upload.code()).as(upload.all()).isZero();
        // Without the old key file beside it, the index still holds a batch made with the new key: accepted.
        try (Stream<Path> aside = Files.list(discord.configDir())) {
            for (Path old : aside.filter(p -> p.getFileName().toString().startsWith("key.replaced-")).toList()) {
                Files.delete(old);
            }
        }
        assertThat(discord.dos("list").code()).isZero();
    }

    private static boolean saysToFixTheToken(String line) {
        return line.contains("rejected the bot token") && line.contains("dos setup");
    }

    // ---- running and checking ----

    record Command(String name, List<String> args, Path destination) {
    }

    /** Every command that opens the store, each with fresh arguments (a new download destination). */
    private List<Command> commands() throws IOException {
        Path dest = home.resolve("restore-" + (++destinations));
        Path newSource = tree("new-" + destinations, 3);
        List<Command> all = new ArrayList<>();
        all.add(new Command("upload", List.of("upload", "-q", newSource.toString()), null));
        all.add(new Command("download", List.of("download", "-q", complete, dest.toString()), dest));
        all.add(new Command("list", List.of("list"), null));
        all.add(new Command("info", List.of("info", complete), null));
        all.add(new Command("stats", List.of("stats"), null));
        all.add(new Command("verify", List.of("verify", "-q", complete), null));
        all.add(new Command("verify --deep", List.of("verify", "-q", "--deep", complete), null));
        all.add(new Command("resume", List.of("resume", "-q", incomplete), null));
        all.add(new Command("sync", List.of("sync", "-q"), null));
        all.add(new Command("sync --reset", List.of("sync", "--reset", "-q"), null));
        all.add(new Command("backup --to-discord", List.of("backup", "--to-discord", "-q"), null));
        all.add(new Command("restore-db latest", List.of("restore-db", "-q", "latest"), null));
        all.add(new Command("delete", List.of("delete", complete), null));
        return all;
    }

    private Map<String, String> env() {
        return Map.of("DOS_PASSPHRASE", EmulatedDiscord.PASSPHRASE);
    }

    /** What one command did: its run, and what it changed. */
    record Outcome(EmulatedDiscord.Run run, boolean indexChanged, List<String> filesChanged, boolean destinationWritten,
                   int remoteWrites, int refusedRequests) {
    }

    private Outcome run(Map<String, String> env, Command c) throws Exception {
        String dbBefore = dumpIndex();
        Map<String, String> filesBefore = files();
        discord.emulator.admin().clearRequests();
        EmulatedDiscord.Run run = discord.dos(env, new ByteArrayInputStream(new byte[0]), c.args().toArray(String[]::new));
        List<RequestRecord> requests = discord.emulator.admin().requests();
        int writes = (int) requests.stream().filter(r -> !r.method().equals("GET") && r.status() / 100 == 2).count();
        int refused = (int) requests.stream().filter(r -> r.status() == 401 || r.status() == 403).count();
        Map<String, String> filesAfter = files();
        List<String> changed = new ArrayList<>();
        filesBefore.forEach((k, v) -> {
            if (!v.equals(filesAfter.get(k))) {
                changed.add(k);
            }
        });
        filesAfter.keySet().stream().filter(k -> !filesBefore.containsKey(k)).forEach(changed::add);
        boolean destWritten = c.destination() != null && Files.exists(c.destination());
        return new Outcome(run, !dbBefore.equals(dumpIndex()), changed, destWritten, writes, refused);
    }

    /** Collects the trials of one case and what failed in them. */
    private final class Matrix {
        final String condition;
        int trials;
        int held;
        int refusedCount;
        int unaffectedCount;
        int peakRefusedRequests;
        int resumable;
        int reportedCount;
        int localBackups;
        final List<String> failures = new ArrayList<>();

        final Map<String, List<String>> table = new LinkedHashMap<>();

        /** Which commands each variant refused (for the outcome line). */
        void tally(String variant, Command c, Outcome o) {
            if (o.run().code() != ExitCode.OK) {
                table.computeIfAbsent(variant, k -> new ArrayList<>()).add(c.name() + "=" + o.run().code());
            } else {
                table.computeIfAbsent(variant, k -> new ArrayList<>());
            }
        }

        Matrix(String condition) {
            this.condition = condition;
        }

        /** The command must be refused: one line, the exit code, nothing written, nothing secret. */
        void refused(Command c, Outcome o, int code, SecretScan secrets, Predicate<String> saysWhatAndWhatToDo) {
            trials++;
            List<String> problems = new ArrayList<>();
            EmulatedDiscord.Run run = o.run();
            if (run.code() != code) {
                problems.add("exit " + run.code() + " instead of " + code);
            }
            List<String> lines = run.err().lines().filter(l -> !l.isBlank())
                    .filter(l -> code != ExitCode.INTEGRITY || !l.startsWith("warning: ")).toList();
            if (lines.size() != 1) {
                problems.add(lines.size() + " lines on stderr");
            } else if (!lines.getFirst().startsWith("dos: ") || !saysWhatAndWhatToDo.test(lines.getFirst())) {
                problems.add("unclear message");
            }
            if (run.err().contains("Exception") || run.err().contains("\tat ")) {
                problems.add("a stack trace or exception name");
            }
            if (run.err().contains("resume with: dos resume") || run.err().contains("is half deleted")) {
                // an upload stopped after its batch began is kept INCOMPLETE to resume, a delete stopped
                // after its card went is kept DELETING to run again, by design
                resumable++;
            } else if (run.err().contains("the backup was saved to")) {
                localBackups++; // 'backup --to-discord' keeps its local copy when posting it fails, by design
            } else {
                writes(o, problems);
            }
            secrets(run, secrets, problems);
            peakRefusedRequests = Math.max(peakRefusedRequests, o.refusedRequests());
            refusedCount++;
            verdict(c, o, problems);
        }

        /**
         * A command that reports per item instead of refusing (exit 6 partial, exit 4 lost chunks): no
         * stack trace, the report names the cause, no file restored, nothing secret shown.
         */
        void reported(Command c, Outcome o, int code, SecretScan secrets, Predicate<String> namesTheCause) {
            trials++;
            List<String> problems = new ArrayList<>();
            if (o.run().code() != code) {
                problems.add("exit " + o.run().code() + " instead of " + code);
            }
            if (o.run().err().contains("\tat ") || o.run().err().contains("Exception")) {
                problems.add("a stack trace or exception name");
            }
            if (!namesTheCause.test(o.run().all())) {
                problems.add("the report does not name the cause: " + o.run().out().strip());
            }
            if (o.destinationWritten()) {
                try (Stream<Path> files = Files.walk(c.destination())) {
                    if (files.anyMatch(Files::isRegularFile)) {
                        problems.add("files restored from lost chunks");
                    }
                } catch (IOException e) {
                    problems.add(e.toString());
                }
            }
            secrets(o.run(), secrets, problems);
            reportedCount++;
            verdict(c, o, problems);
        }

        /** A command that does not need what was taken away: it still works, and shows nothing secret. */
        void notNeeded(Command c, Outcome o, SecretScan secrets) {
            trials++;
            List<String> problems = new ArrayList<>();
            secrets(o.run(), secrets, problems);
            unaffectedCount++;
            verdict(c, o, problems);
        }

        /** A command that only reads the local index: it still works, writes nothing, shows nothing secret. */
        void unaffected(Command c, Outcome o, SecretScan secrets) {
            trials++;
            List<String> problems = new ArrayList<>();
            if (o.run().code() != ExitCode.OK) {
                problems.add("exit " + o.run().code() + " instead of 0 (it needs no Discord)");
            }
            writes(o, problems);
            secrets(o.run(), secrets, problems);
            unaffectedCount++;
            verdict(c, o, problems);
        }

        private void writes(Outcome o, List<String> problems) {
            if (o.indexChanged()) {
                problems.add("the index changed");
            }
            if (!o.filesChanged().isEmpty()) {
                problems.add("files changed: " + o.filesChanged());
            }
            if (o.destinationWritten()) {
                problems.add("the download destination was created");
            }
            if (o.remoteWrites() > 0) {
                problems.add(o.remoteWrites() + " writes on Discord");
            }
        }

        private void secrets(EmulatedDiscord.Run run, SecretScan secrets, List<String> problems) {
            List<String> found = secrets.find(run.all());
            if (!found.isEmpty()) {
                problems.add("printed " + found);
            }
        }

        private void verdict(Command c, Outcome o, List<String> problems) {
            if (problems.isEmpty()) {
                held++;
            } else {
                failures.add(condition + " / " + c.name() + ": " + String.join("; ", problems) + " [exit "
                        + o.run().code() + ", stderr: " + o.run().err().strip() + ", stdout: " + o.run().out().strip() + "]");
            }
        }

        void finish(String id, String attack, String method) {
            String outcome = held + "/" + trials + " command runs held: " + refusedCount + " refused with one line and"
                    + " their exit code" + (unaffectedCount > 0 ? ", " + unaffectedCount + " unaffected (local-only,"
                    + " or not needing what was taken) still worked" : "") + "; refusals left index, files, destination and Discord unchanged"
                    + (resumable + localBackups > 0 ? " (but for the resumable states below)" : "") + "; no token,"
                    + " passphrase or key printed; peak " + peakRefusedRequests + " refused requests per command"
                    + (resumable > 0 ? "; " + resumable + " stopped uploads or deletes kept resumable" : "")
                    + (localBackups > 0 ? "; " + localBackups + " backups kept locally" : "")
                    + (reportedCount > 0 ? "; " + reportedCount + " reported per item (exit 4 lost chunks or 6 partial)" : "")
                    + (table.isEmpty() ? "" : "; refused: " + table);
            Reliability.record(id, AREA, attack, trials, held, outcome, Reliability.mvnTest("app",
                    "CredentialsTest#" + method));
            System.out.println(id + ": " + outcome);
            table.forEach((k, v) -> System.out.println("  " + k + " refused by: " + v));
            failures.forEach(f -> System.out.println("  FAILED " + f));
            assertThat(failures).as(id).isEmpty();
        }
    }

    private SecretScan baseSecrets() throws IOException {
        return new SecretScan().text("the bot token", discord.token())
                .text("the passphrase", EmulatedDiscord.PASSPHRASE)
                .key("the store's key", discord.configDir().resolve("key"), EmulatedDiscord.PASSPHRASE);
    }

    /** Every row of every table of the index, in a stable order. */
    private String dumpIndex() throws SQLException {
        Path db = discord.dataDir().resolve("metadata.db");
        if (!Files.exists(db)) {
            return "(no index)";
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        StringBuilder out = new StringBuilder();
        try (Connection c = config.createConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
                while (r.next()) {
                    tables.add(r.getString(1));
                }
            }
            for (String table : tables) {
                out.append("## ").append(table).append('\n');
                try (ResultSet r = s.executeQuery("SELECT * FROM \"" + table + "\" ORDER BY 1")) {
                    int n = r.getMetaData().getColumnCount();
                    while (r.next()) {
                        for (int i = 1; i <= n; i++) {
                            Object v = r.getObject(i);
                            out.append(v instanceof byte[] b ? java.util.HexFormat.of().formatHex(b) : String.valueOf(v)).append('|');
                        }
                        out.append('\n');
                    }
                }
            }
        }
        return out.toString();
    }

    /** Every file under the config and data folders (but the index, compared by its rows) with its SHA-256. */
    private Map<String, String> files() throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (Path root : List.of(discord.configDir(), discord.dataDir())) {
            if (!Files.exists(root)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.toList()) {
                    String name = p.getFileName().toString();
                    if (name.startsWith("metadata.db")) {
                        continue;
                    }
                    out.put(home.relativize(p).toString(), Files.isDirectory(p) ? "dir"
                            : SandboxHome.sha256(Files.readAllBytes(p)));
                }
            }
        }
        return out;
    }

    private Path tree(String name, int seed) throws IOException {
        Path dir = Files.createDirectories(home.resolve(name).resolve("sub"));
        Files.write(dir.resolve("data.bin"), SandboxHome.random(12_000, seed));
        Files.writeString(dir.getParent().resolve("notes.txt"), "a line of notes\n".repeat(200));
        return dir.getParent();
    }
}
