package dev.dos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.app.cli.JournalWatch.Progress;
import dev.dos.core.format.BatchId;
import dev.dos.core.ops.RemoteNames;
import dev.dos.core.testing.Reliability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety (docs/RELIABILITY.md, area {@code crash}): {@code dos upload}, {@code delete},
 * {@code sync}, {@code sync --reset} and {@code backup --to-discord} run as child JVMs (each with the
 * sandbox's embedded emulator persisting to disk) and are killed with SIGKILL
 * ({@code Process.destroyForcibly()}: no shutdown hook, no finally block) at a random point of their
 * progress, read from the outside: the upload journal and the index's batch count in SQLite, the
 * emulator's own journal (a line per change it stores), the files in the backup directory; then a
 * random delay (milliseconds; up to 400 for an upload, time for a post in flight to land or not). A
 * process that finished before the kill is not a trial: a new point is drawn.
 *
 * <p>Then the interrupted command is run again ({@code dos resume} for an upload) and every trial is
 * checked: each batch that must exist downloads byte-identical to its source; the index is
 * consistent ({@code PRAGMA integrity_check}, {@code dos list} and {@code dos info} agree with what the
 * emulator stores: each chunk exactly once in its batch's threads at the post the index names, one
 * card per batch, no thread or card of any other batch; {@code dos verify --all} passes; an
 * incremental {@code dos sync} finds nothing to change). Backups: any backup file under its final
 * name is accepted by {@code dos restore-db}, as is the one made after recovery, which lists the
 * same batches, and no temporary file of a killed backup is left once a backup has run again.
 *
 * <p>Kill points are drawn from a seed, printed in each case's outcome; {@code -Ddos.crash.seed=N}
 * replays them (as closely as the timing of the processes allows).
 */
@Tag(Reliability.TAG)
class CrashRecoveryTest {
    private static final String AREA = "crash";
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    /** Trials side by side: each has its own sandbox and emulator, and most of a trial is spent waiting. */
    private static final int PARALLEL = 3;
    /** New kill points drawn for one trial whose process kept finishing first. */
    private static final int DRAWS = 8;
    /** How a killed JVM ends: 128 + SIGKILL. */
    private static final int KILLED = 128 + 9;
    private static final Pattern BATCH_CONTAINER = Pattern.compile("dos-([0-9a-f]+)(-lane[0-9]+)?");

    @TempDir
    Path tmp;

    private static final AtomicInteger SMALL = new AtomicInteger();
    private final AtomicInteger homes = new AtomicInteger();

    // ---- the cases -------------------------------------------------------------------------

    /**
     * Uploads of a 35-chunk tree killed at a random number of confirmed chunks (or with the manifest
     * saved), then resumed; one trial in three kills the resume too, before resuming again.
     */
    @Test
    void uploadsKilledAtRandomPointsAreResumedToTheExactBytes() throws Exception {
        long seed = seed();
        int trials = Reliability.trials(3);
        List<Trial> done = runTrials(trials, seed, this::uploadTrial);
        report("crash-upload", "kill -9 of 'dos upload' (child JVM) at a random point of its journal, then 'dos resume'",
                "uploadsKilledAtRandomPointsAreResumedToTheExactBytes", seed, done,
                done.stream().filter(t -> t.secondKill).count() + " resumes killed too");
    }

    /** A delete of a multi-thread batch killed after a random number of its remote deletions, then run again. */
    @Test
    void deletesKilledAtRandomPointsAreFinishedByRunningThemAgain() throws Exception {
        long seed = seed();
        int trials = Reliability.trials(3);
        Template template = deleteTemplate();
        List<Trial> done = runTrials(trials, seed, (t, random) -> deleteTrial(t, random, template));
        report("crash-delete", "kill -9 of 'dos delete' (child JVM) after a random number of remote deletions, then delete again",
                "deletesKilledAtRandomPointsAreFinishedByRunningThemAgain", seed, done, "");
    }

    /** An incremental sync with four batches to add (uploaded elsewhere) killed after a random number of them. */
    @Test
    void syncsKilledAtRandomPointsAreFinishedByRunningThemAgain() throws Exception {
        long seed = seed();
        int trials = Reliability.trials(3);
        Template template = syncTemplate();
        List<Trial> done = runTrials(trials, seed, (t, random) -> syncTrial(t, random, template, false));
        report("crash-sync", "kill -9 of 'dos sync' (child JVM) adding batches uploaded elsewhere, then sync again",
                "syncsKilledAtRandomPointsAreFinishedByRunningThemAgain", seed, done, "");
    }

    /** A reset rebuilding a lost index of five batches killed after a random number of them. */
    @Test
    void resetsKilledAtRandomPointsLeaveAUsableIndexAndFinish() throws Exception {
        long seed = seed();
        int trials = Reliability.trials(2);
        Template template = syncTemplate();
        List<Trial> done = runTrials(trials, seed, (t, random) -> syncTrial(t, random, template, true));
        report("crash-sync-reset", "kill -9 of 'dos sync --reset' (child JVM) rebuilding a lost index, then reset again",
                "resetsKilledAtRandomPointsLeaveAUsableIndexAndFinish", seed, done, "index usable after every kill");
    }

    /** Backups to Discord killed while snapshotting, sealing, renaming or posting, then taken again. */
    @Test
    void backupsKilledAtRandomPointsNeverLeaveAHalfBackup() throws Exception {
        long seed = seed();
        int trials = Reliability.trials(3);
        Template template = backupTemplate();
        List<Trial> done = runTrials(trials, seed, (t, random) -> backupTrial(t, random, template));
        report("crash-backup", "kill -9 of 'dos backup --to-discord' (child JVM) at a random phase, then backup again",
                "backupsKilledAtRandomPointsNeverLeaveAHalfBackup", seed, done,
                done.stream().mapToInt(t -> t.killedBackupsRestored).sum()
                        + " backup files left under their final name by a kill, each accepted by restore-db");
    }

    // ---- trials ---------------------------------------------------------------------------

    /** Upload: kill at a random count of confirmed chunks, resume (maybe killing the resume too), check. */
    private void uploadTrial(Trial t, Random random) throws Exception {
        for (int draw = 0; ; draw++) {
            SandboxHome sandbox = freshHome("upload");
            Path src = SandboxHome.writeTree(sandbox.home.resolve("src"));
            int target = random.nextInt(37); // 0: batch journaled; 1..35: chunks; 36: manifest saved
            // Chunks confirmed, or chunks whose post has started (its answer may arrive after the kill).
            boolean started = random.nextBoolean();
            // Then a short delay, or one long enough for a post in flight to land (or not) before the kill.
            int delay = random.nextInt(random.nextBoolean() ? 40 : 400);
            // Four transfers post side by side (chunks are confirmed ten at a time, in bursts); one posts in turn.
            String transfers = random.nextBoolean() ? "1" : "4";
            Kill kill;
            Progress left;
            try (JournalWatch watch = new JournalWatch(sandbox.database())) {
                kill = kill(sandbox, () -> {
                    Progress p = watch.now();
                    int chunks = started ? p.posting() + p.posted() : p.posted();
                    return target == 0 ? p.sourceSaved() : target > 35 ? p.manifestSaved()
                            : chunks >= target || p.manifestSaved();
                }, delay, "upload", "-q", "--chunk-size", "2048", "--transfers", transfers, src.toString());
                left = JournalWatch.afterKill(watch);
            }
            if (!kill.killed()) {
                redraw(t, draw);
                continue;
            }
            t.killedAt = left.batchId() == null ? "before the batch"
                    : left.manifestSaved() ? "manifest saved"
                    : left.lastPosted() ? "all chunks confirmed"
                    : left.posted() + " chunks confirmed" + (left.posting() > 0 ? ", " + left.posting() + " in flight" : "");

            String id;
            SandboxHome.Run recovery;
            if (left.batchId() == null) {
                recovery = sandbox.dos("upload", "--json", "-q", "--chunk-size", "2048", src.toString());
                id = recovery.code() == 0 ? recovery.json().get("batch_id").asText() : null;
            } else {
                id = left.batchId();
                if (random.nextInt(3) == 0 && !"COMPLETE".equals(left.state())) {
                    int more = random.nextInt(20);
                    try (JournalWatch watch = new JournalWatch(sandbox.database())) {
                        Kill again = kill(sandbox, () -> {
                            Progress p = watch.now();
                            return p.posted() >= left.posted() + more || p.manifestSaved();
                        }, random.nextInt(40), "resume", "-q", id);
                        t.secondKill = again.killed();
                    }
                }
                // Completed just before the kill: nothing to resume.
                recovery = "COMPLETE".equals(left.state()) ? sandbox.dos("list", "--json")
                        : sandbox.dos("resume", id, "--json");
            }
            t.recovered = check(t, "recovery", () -> {
                assertThat(recovery.code()).as(recovery.err()).isZero();
                assertThat(id).isNotNull();
                assertListed(sandbox, Set.of(id));
            });
            checkAfterRecovery(t, sandbox, id == null ? Map.of() : Map.of(id, src));
            return;
        }
    }

    /** Delete: kill after a random number of remote deletions (card, thread, lanes), delete again, check. */
    private void deleteTrial(Trial t, Random random, Template template) throws Exception {
        for (int draw = 0; ; draw++) {
            SandboxHome sandbox = template.copy(freshDir("delete"));
            int target = random.nextInt(template.deleteSteps); // remote changes seen before the kill
            int delay = random.nextInt(15);
            long[] base = {-1};
            Kill kill;
            Progress left;
            try (JournalWatch watch = new JournalWatch(sandbox.database())) {
                kill = kill(sandbox, () -> {
                    if (base[0] < 0) {
                        if (!"DELETING".equals(watch.now().state())) {
                            return false;
                        }
                        base[0] = template.journalLines;
                    }
                    return lines(sandbox.emulatorJournal()) >= base[0] + target;
                }, delay, "delete", template.victim);
                left = JournalWatch.afterKill(watch);
            }
            if (!kill.killed()) {
                redraw(t, draw);
                continue;
            }
            long removed = lines(sandbox.emulatorJournal()) - template.journalLines;
            boolean rowsGone = left.batchId() == null || !template.victim.equals(left.batchId());
            t.killedAt = rowsGone ? "after the local rows went"
                    : "remote changes made: " + Math.min(removed, template.deleteSteps) + " of " + template.deleteSteps;

            SandboxHome.Run again = sandbox.dos("delete", template.victim);
            t.recovered = check(t, "recovery", () -> {
                assertThat(again.code()).as(again.err()).isIn(ExitCode.OK, ExitCode.NOT_FOUND);
                if (!rowsGone) {
                    assertThat(again.code()).as("a batch still DELETING is deleted by the rerun").isZero();
                }
                assertListed(sandbox, template.sources.keySet());
            });
            checkAfterRecovery(t, sandbox, template.sources);
            return;
        }
    }

    /**
     * Sync: the index knows one batch and the cursor of a sync; four more were uploaded (as from
     * another machine). Reset: the index is lost. Kill once a random number of batches is stored,
     * run the same command again, check.
     */
    private void syncTrial(Trial t, Random random, Template template, boolean reset) throws Exception {
        String[] command = reset ? new String[] {"sync", "--reset", "-q"} : new String[] {"sync", "-q"};
        int known = reset ? 0 : 1;
        int all = template.sources.size();
        for (int draw = 0; ; draw++) {
            SandboxHome sandbox = template.copy(freshDir(reset ? "reset" : "sync"));
            deleteDatabase(sandbox);
            if (!reset) {
                Files.copy(template.partialDatabase, sandbox.database());
            }
            int target = known + 1 + random.nextInt(all - known); // batches stored when the kill is sent
            int delay = random.nextInt(60);
            Kill kill;
            try (JournalWatch watch = new JournalWatch(sandbox.database())) {
                kill = kill(sandbox, () -> watch.number("SELECT count(*) FROM batches") >= target, delay, command);
            }
            if (!kill.killed()) {
                redraw(t, draw);
                continue;
            }
            long stored = count(sandbox.database(), "SELECT count(*) FROM batches");
            t.killedAt = "batches stored: " + stored + " of " + all;

            // Killed: the index still opens, is intact, and lists what was stored so far.
            long seen = stored;
            check(t, "index usable after the kill", () -> {
                assertThat(integrity(sandbox.database())).isEqualTo("ok");
                SandboxHome.Run list = sandbox.dos("list", "--json");
                assertThat(list.code()).as(list.err()).isZero();
                assertThat(list.json().get("total").asLong()).isEqualTo(seen);
            });

            SandboxHome.Run again = sandbox.dos(Stream.concat(Stream.of(command), Stream.of("--json")).toArray(String[]::new));
            t.recovered = check(t, "recovery", () -> {
                assertThat(again.code()).as(again.err() + again.out()).isZero();
                assertThat(again.json().get("clean").asBoolean()).as(again.out()).isTrue();
                assertListed(sandbox, template.sources.keySet());
                assertThat(summaries(sandbox)).isEqualTo(template.summaries);
            });
            checkAfterRecovery(t, sandbox, template.sources);
            return;
        }
    }

    /** The phases of a backup that a kill can land in, by the files the backup directory holds. */
    private enum BackupPhase {
        COPYING("copying the index", ".dos-backup-"),
        SNAPSHOT("snapshot taken", ".snapshot-"),
        SEALING("sealing", ".metadata-"),
        RENAMED("file in place, posting", null);

        final String label;
        final String prefix;

        BackupPhase(String label, String prefix) {
            this.label = label;
            this.prefix = prefix;
        }
    }

    /** Backup: kill in a random phase; every backup file left must restore; backup again, restore it, check. */
    private void backupTrial(Trial t, Random random, Template template) throws Exception {
        for (int draw = 0; ; draw++) {
            SandboxHome sandbox = template.copy(freshDir("backup"));
            Set<String> before = Set.copyOf(listNames(sandbox.backups()));
            BackupPhase phase = BackupPhase.values()[random.nextInt(BackupPhase.values().length)];
            int delay = phase == BackupPhase.RENAMED ? random.nextInt(40) : random.nextInt(3);
            Kill kill = kill(sandbox, () -> {
                for (String name : listNames(sandbox.backups())) {
                    if (phase.prefix != null ? name.startsWith(phase.prefix)
                            : !before.contains(name) && !name.startsWith(".")) {
                        return true;
                    }
                }
                return false;
            }, delay, "backup", "--to-discord", "-q");
            if (!kill.killed()) {
                redraw(t, draw);
                continue;
            }
            List<String> after = listNames(sandbox.backups());
            List<String> fresh = after.stream().filter(n -> !before.contains(n)).toList();
            t.killedAt = fresh.stream().anyMatch(n -> !n.startsWith(".")) ? BackupPhase.RENAMED.label
                    : fresh.stream().anyMatch(n -> n.startsWith(".metadata-")) ? BackupPhase.SEALING.label
                    : fresh.stream().anyMatch(n -> n.startsWith(".snapshot-")) ? BackupPhase.SNAPSHOT.label
                    : fresh.stream().anyMatch(n -> n.startsWith(".dos-backup-")) ? BackupPhase.COPYING.label
                    : "before the backup";

            // Any file under a backup's final name is whole: restore-db accepts it and it lists the batches.
            for (String name : fresh.stream().filter(n -> !n.startsWith(".")).toList()) {
                if (check(t, "killed backup " + name + " restores", () ->
                        assertRestores(sandbox, sandbox.backups().resolve(name).toString(), template))) {
                    t.killedBackupsRestored++;
                }
            }

            SandboxHome.Run again = sandbox.dos("backup", "--to-discord", "--json", "-q");
            t.recovered = check(t, "recovery", () -> {
                assertThat(again.code()).as(again.err()).isZero();
                JsonNode made = again.json();
                assertRestores(sandbox, made.get("file").asText(), template);
                SandboxHome.Run latest = assertRestores(sandbox, "latest", template);
                assertThat(latest.json().get("backup_id").asText()).as("the newest backup on Discord")
                        .isEqualTo(made.get("backup_id").asText());
                assertThat(listNames(sandbox.backups())).as("no temporary file of a killed backup is left")
                        .noneMatch(CrashRecoveryTest::temporary);
            });
            checkAfterRecovery(t, sandbox, template.sources);
            return;
        }
    }

    private SandboxHome.Run assertRestores(SandboxHome sandbox, String source, Template template) throws IOException {
        SandboxHome.Run restore = sandbox.dos("restore-db", source, "--json", "-q");
        assertThat(restore.code()).as(source + ": " + restore.err()).isZero();
        assertThat(restore.json().get("batches").asInt()).isEqualTo(template.sources.size());
        assertListed(sandbox, template.sources.keySet());
        return restore;
    }

    // ---- fixtures -------------------------------------------------------------------------

    /**
     * A store built once and copied for each trial: the batches that must survive (id to source),
     * their rows in 'dos list', and what a case needs besides.
     */
    private static final class Template {
        final SandboxHome home;
        final Map<String, Path> sources = new LinkedHashMap<>();
        Map<String, Map<String, String>> summaries;
        long journalLines;
        String victim;
        int deleteSteps;
        Path partialDatabase;

        Template(SandboxHome home) {
            this.home = home;
        }

        SandboxHome copy(Path to) throws IOException {
            return home.copyTo(to);
        }

        /** Seals the template: the emulator's journal compacted as a child will find it, the rows to compare with. */
        void seal() throws IOException {
            // Every start of the emulator rewrites its journal as a compact snapshot; after one more
            // start the file is that snapshot, which a child's start rewrites to the same lines.
            // ('resume' lists what could be resumed and opens the whole store; 'list' reads only the index.)
            assertThat(home.dos("resume", "--json").code()).isZero();
            journalLines = lines(home.emulatorJournal());
            summaries = summaries(home);
        }
    }

    private Template deleteTemplate() throws Exception {
        Template template = new Template(freshHome("delete-template"));
        SandboxHome home = template.home;
        Path sources = freshDir("delete-sources"); // outside the home: trials copy the home, and only read these
        template.sources.putAll(uploadSmall(home, sources, 2));
        Path big = SandboxHome.writeTree(sources.resolve("big"));
        SandboxHome.Run up = home.dos("upload", "--json", "-q", "--chunk-size", "2048", big.toString());
        assertThat(up.code()).as(up.err()).isZero();
        template.victim = up.json().get("batch_id").asText();
        template.seal();
        SandboxHome probe = template.copy(freshDir("delete-probe"));
        assertThat(probe.dos("resume", "--json").code()).isZero();
        assertThat(lines(probe.emulatorJournal())).as("a start of the emulator leaves the sealed journal as it is")
                .isEqualTo(template.journalLines);
        long containers = home.inventory().containers().stream()
                .filter(c -> c.name().startsWith(RemoteNames.container(BatchId.parse(template.victim)))).count();
        assertThat(containers).as("the batch to delete spreads over lanes").isGreaterThan(1);
        // The changes a whole delete makes (card, thread, lanes), as lines of the emulator's journal.
        assertThat(probe.dos("delete", template.victim).code()).isZero();
        template.deleteSteps = (int) (lines(probe.emulatorJournal()) - template.journalLines);
        assertThat(template.deleteSteps).as("journal lines of a whole delete").isGreaterThan((int) containers);
        return template;
    }

    private Template syncTemplate() throws Exception {
        Template template = new Template(freshHome("sync-template"));
        SandboxHome home = template.home;
        Path sources = freshDir("sync-sources"); // outside the home: trials copy the home, and only read these
        template.sources.putAll(uploadSmall(home, sources, 1));
        SandboxHome.Run sync = home.dos("sync", "--json", "-q");
        assertThat(sync.code()).as(sync.err()).isZero();
        template.partialDatabase = tmp.resolve("partial-" + homes.incrementAndGet() + ".db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + home.database());
             Statement s = c.createStatement()) {
            s.execute("VACUUM INTO '" + template.partialDatabase + "'");
        }
        template.sources.putAll(uploadSmall(home, sources, 4));
        template.seal();
        return template;
    }

    private Template backupTemplate() throws Exception {
        Template template = new Template(freshHome("backup-template"));
        SandboxHome home = template.home;
        Path sources = freshDir("backup-sources"); // outside the home: trials copy the home, and only read these
        template.sources.putAll(uploadSmall(home, sources, 1));
        // Many entries make an index of a few MB, so that copying and sealing it take a while.
        Path many = Files.createDirectories(sources.resolve("many"));
        for (int d = 0; d < 12; d++) {
            Path dir = Files.createDirectories(many.resolve("dir-" + d));
            for (int f = 0; f < 100; f++) {
                Files.writeString(dir.resolve("file-with-a-longish-name-" + f + ".txt"), d + "/" + f + "\n");
            }
        }
        SandboxHome.Run up = home.dos("upload", "--json", "-q", many.toString());
        assertThat(up.code()).as(up.err()).isZero();
        template.sources.put(up.json().get("batch_id").asText(), many);
        SandboxHome.Run first = home.dos("backup", "--to-discord", "--json", "-q");
        assertThat(first.code()).as(first.err()).isZero();
        template.seal();
        return template;
    }

    /** Uploads {@code n} small batches of two files each; returns id to source. */
    private static Map<String, Path> uploadSmall(SandboxHome home, Path sources, int n) throws IOException {
        Map<String, Path> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            Path src = Files.createDirectories(sources.resolve("small-" + SMALL.incrementAndGet()));
            Files.write(src.resolve("data.bin"), SandboxHome.random(6_000 + 1_000 * i, 100 + i));
            Files.writeString(src.resolve("notes.txt"), ("batch " + i + "\n").repeat(200));
            SandboxHome.Run up = home.dos("upload", "--json", "-q", src.toString());
            assertThat(up.code()).as(up.err()).isZero();
            out.put(up.json().get("batch_id").asText(), src);
        }
        return out;
    }

    // ---- the checks after recovery ------------------------------------------------------------

    /**
     * Byte-identical restores of every expected batch, then a consistent index: intact SQLite,
     * list and info agreeing with the remote, verify passing, and nothing for sync to change.
     */
    private void checkAfterRecovery(Trial t, SandboxHome sandbox, Map<String, Path> expected) {
        t.identical = check(t, "restores", () -> {
            assertThat(expected).isNotEmpty();
            for (Map.Entry<String, Path> batch : expected.entrySet()) {
                Path dest = sandbox.home.resolve("restored-" + batch.getKey().substring(0, 8));
                SandboxHome.Run down = sandbox.dos("download", batch.getKey(), dest.toString(), "-q", "--json");
                assertThat(down.code()).as(down.err()).isZero();
                Path source = batch.getValue();
                assertThat(SandboxHome.describe(dest.resolve(source.getFileName().toString())))
                        .as("restore of " + batch.getKey()).isEqualTo(SandboxHome.describe(source));
            }
        });
        t.consistent = check(t, "index", () -> {
            assertThat(integrity(sandbox.database())).isEqualTo("ok");
            assertListed(sandbox, expected.keySet());
            assertIndexMatchesRemote(sandbox, expected.keySet());
            SandboxHome.Run verify = sandbox.dos("verify", "--all", "--json", "-q");
            assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
            assertThat(verify.json().get("batches")).hasSize(expected.size());
            SandboxHome.Run sync = sandbox.dos("sync", "--json", "-q");
            assertThat(sync.code()).as(sync.err()).isZero();
            JsonNode report = sync.json();
            assertThat(report.get("clean").asBoolean()).as(sync.out()).isTrue();
            for (String field : List.of("added", "updated", "removed", "issues")) {
                assertThat(report.get(field)).as(field + ": " + sync.out()).isEmpty();
            }
        });
    }

    /** 'dos list' shows exactly these batches, all complete. */
    private static void assertListed(SandboxHome sandbox, Set<String> ids) throws IOException {
        SandboxHome.Run list = sandbox.dos("list", "--json");
        assertThat(list.code()).as(list.err()).isZero();
        Map<String, String> states = new TreeMap<>();
        list.json().get("batches").forEach(b -> states.put(b.get("batch_id").asText(), b.get("state").asText()));
        Map<String, String> want = new TreeMap<>();
        ids.forEach(id -> want.put(id, "complete"));
        assertThat(states).isEqualTo(want);
    }

    /**
     * 'dos info' of each batch against the remote: its thread is the one named for it, its threads
     * hold each of its chunks exactly once, at the post the index records, and nothing else; one
     * card, the one the index records. No thread or card of any other batch.
     */
    private static void assertIndexMatchesRemote(SandboxHome sandbox, Set<String> ids) throws IOException {
        SandboxHome.Inventory remote = sandbox.inventory();
        Map<String, List<SandboxHome.Container>> containers = new TreeMap<>();
        for (SandboxHome.Container c : remote.containers()) {
            Matcher m = BATCH_CONTAINER.matcher(c.name());
            assertThat(m.matches()).as("a batch container: " + c.name()).isTrue();
            containers.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(c);
        }
        Map<String, List<String>> cards = new TreeMap<>();
        remote.cards().forEach(c -> cards.computeIfAbsent(BatchId.parse(c.batchId()).hex(), k -> new ArrayList<>())
                .add(c.postId()));
        assertThat(containers.keySet()).as("batches with threads on the remote").isEqualTo(new TreeSet<>(ids));
        assertThat(cards.keySet()).as("batches with cards on the remote").isEqualTo(new TreeSet<>(ids));

        for (String id : ids) {
            SandboxHome.Run info = sandbox.dos("info", id, "--json");
            assertThat(info.code()).as(info.err()).isZero();
            JsonNode batch = info.json();
            assertThat(cards.get(id)).as("cards of " + id).containsExactly(batch.get("index_message_id").asText());
            List<SandboxHome.Container> threads = containers.get(id);
            assertThat(threads.stream().filter(c -> c.name().equals(RemoteNames.container(BatchId.parse(id))))
                    .map(SandboxHome.Container::id)).as("the thread of " + id)
                    .containsExactly(batch.get("storage_thread_id").asText());
            Map<String, List<String>> posts = new TreeMap<>();
            threads.forEach(c -> c.postsByBlob().forEach((name, at) ->
                    posts.computeIfAbsent(name, n -> new ArrayList<>()).addAll(at)));
            int chunks = batch.get("chunks").asInt();
            Map<String, List<String>> want = new TreeMap<>();
            for (JsonNode chunk : batch.get("chunk_list")) {
                assertThat(chunk.get("state").asText()).isEqualTo("posted");
                want.put(RemoteNames.chunk(BatchId.parse(id), chunk.get("index").asInt()),
                        List.of(chunk.get("message_id").asText()));
            }
            assertThat(want).hasSize(chunks);
            assertThat(posts).as("each chunk of " + id + " once, at the post the index records").isEqualTo(want);
        }
    }

    /** The rows of 'dos list' a rebuild must reproduce (not the times: a rebuild has only the card's). */
    private static Map<String, Map<String, String>> summaries(SandboxHome sandbox) throws IOException {
        SandboxHome.Run list = sandbox.dos("list", "--json");
        assertThat(list.code()).as(list.err()).isZero();
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (JsonNode b : list.json().get("batches")) {
            Map<String, String> row = new TreeMap<>();
            for (String field : List.of("name", "state", "original_bytes", "stored_bytes", "files", "chunks", "codec")) {
                row.put(field, b.get(field).asText());
            }
            out.put(b.get("batch_id").asText(), row);
        }
        return out;
    }

    private static String integrity(Path database) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + database);
             Statement s = c.createStatement()) {
            List<String> problems = new ArrayList<>();
            try (ResultSet r = s.executeQuery("PRAGMA integrity_check")) {
                while (r.next()) {
                    problems.add(r.getString(1));
                }
            }
            try (ResultSet r = s.executeQuery("PRAGMA foreign_key_check")) {
                while (r.next()) {
                    problems.add("foreign key: " + r.getString(1) + " row " + r.getLong(2));
                }
            }
            return String.join("; ", problems);
        }
    }

    private static long count(Path database, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + database);
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getLong(1) : -1;
        }
    }

    // ---- killing --------------------------------------------------------------------------

    /** What the kill hit: {@code killed} if the process was still running and died of the signal. */
    private record Kill(boolean killed, int exit) {
    }

    @FunctionalInterface
    private interface Trigger {
        boolean reached() throws Exception;
    }

    /**
     * Starts {@code dos --sandbox args...} as a child JVM, polls {@code trigger} (every 0.2 ms) until it
     * holds, waits {@code delayMillis} more and sends SIGKILL.
     */
    private static Kill kill(SandboxHome sandbox, Trigger trigger, int delayMillis, String... args) throws Exception {
        Process child = sandbox.start(args);
        try {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            boolean reached = false;
            while (!reached && child.isAlive()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("dos " + String.join(" ", args) + " never reached its kill point");
                }
                reached = trigger.reached();
                if (!reached) {
                    LockSupport.parkNanos(200_000);
                }
            }
            if (reached && delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            child.destroyForcibly();
            int exit = child.waitFor();
            return new Kill(reached && exit == KILLED, exit);
        } finally {
            child.destroyForcibly();
        }
    }

    private static void redraw(Trial t, int draw) {
        t.redrawn++;
        if (draw + 1 >= DRAWS) {
            throw new AssertionError("the process finished before " + DRAWS + " kill points in a row");
        }
    }

    /** Lines (changes) in the emulator's journal; -1 if it cannot be read right now. */
    private static long lines(Path journal) {
        try {
            byte[] bytes = Files.readAllBytes(journal);
            long n = 0;
            for (byte b : bytes) {
                n += b == '\n' ? 1 : 0;
            }
            return n;
        } catch (IOException e) {
            return -1;
        }
    }

    private static List<String> listNames(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (java.nio.file.NoSuchFileException raced) {
            return List.of();
        }
    }

    /** A temporary file of a backup: the index copied by SQLite, its plaintext snapshot, the file being sealed. */
    private static boolean temporary(String name) {
        return Stream.of(BackupPhase.values()).anyMatch(p -> p.prefix != null && name.startsWith(p.prefix));
    }

    private static void deleteDatabase(SandboxHome sandbox) throws IOException {
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(sandbox.database().resolveSibling(sandbox.database().getFileName() + suffix));
        }
    }

    // ---- trials and the report ----------------------------------------------------------------

    /** What one trial saw. */
    private static final class Trial {
        final int index;
        String killedAt = "not killed";
        int redrawn;
        /** Backup files a killed backup left under their final name, each restored with restore-db. */
        int killedBackupsRestored;
        boolean secondKill;
        boolean recovered;
        boolean identical;
        boolean consistent;
        final List<String> problems = Collections.synchronizedList(new ArrayList<>());

        Trial(int index) {
            this.index = index;
        }

        boolean held() {
            return recovered && identical && consistent && problems.isEmpty();
        }
    }

    @FunctionalInterface
    private interface TrialBody {
        void run(Trial trial, Random random) throws Exception;
    }

    @FunctionalInterface
    private interface Check {
        void run() throws Exception;
    }

    /** Runs one check of a trial; a failure is noted, not thrown, so the other checks still count. */
    private static boolean check(Trial t, String what, Check check) {
        try {
            check.run();
            return true;
        } catch (Exception | AssertionError e) {
            t.problems.add("trial " + t.index + " (" + t.killedAt + "), " + what + ": " + e.getMessage());
            return false;
        }
    }

    private static List<Trial> runTrials(int trials, long seed, TrialBody body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL, trials));
        try {
            List<Future<Trial>> running = new ArrayList<>();
            for (int i = 0; i < trials; i++) {
                Trial trial = new Trial(i);
                Random random = new Random(seed + 1_000_003L * i);
                running.add(pool.submit(() -> {
                    try {
                        body.run(trial, random);
                    } catch (Exception | AssertionError e) {
                        trial.problems.add("trial " + trial.index + " (" + trial.killedAt + "): " + e);
                    }
                    return trial;
                }));
            }
            List<Trial> done = new ArrayList<>();
            for (Future<Trial> f : running) {
                done.add(f.get());
            }
            return done;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Records the case's row from what the trials measured, then fails if any trial did not hold. */
    private static void report(String id, String attack, String method, long seed, List<Trial> trials, String extra) {
        int n = trials.size();
        long recovered = trials.stream().filter(t -> t.recovered).count();
        long identical = trials.stream().filter(t -> t.identical).count();
        long consistent = trials.stream().filter(t -> t.consistent).count();
        int held = (int) trials.stream().filter(Trial::held).count();
        Map<String, Long> points = trials.stream()
                .collect(Collectors.groupingBy(t -> t.killedAt, TreeMap::new, Collectors.counting()));
        int redrawn = trials.stream().mapToInt(t -> t.redrawn).sum();
        String outcome = String.format("%d/%d recovered, %d/%d restores byte-identical, index consistent %d/%d;"
                        + " killed at: %s%s; %d kill points redrawn (process finished first); seed %d",
                recovered, n, identical, n, consistent, n,
                points.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue()).collect(Collectors.joining(", ")),
                extra.isEmpty() ? "" : "; " + extra, redrawn, seed);
        System.out.println(id + ": " + outcome);
        Reliability.record(id, AREA, attack, n, held, outcome,
                Reliability.mvnTest("app", "CrashRecoveryTest#" + method) + " -Ddos.crash.seed=" + seed);
        List<String> problems = trials.stream().flatMap(t -> t.problems.stream()).toList();
        assertThat(problems).as(id + " (seed " + seed + ")").isEmpty();
        assertThat(held).as(id + " (seed " + seed + ")").isEqualTo(n);
    }

    private static long seed() {
        return Long.getLong("dos.crash.seed", new SecureRandom().nextLong() & Long.MAX_VALUE);
    }

    private Path freshDir(String name) throws IOException {
        return Files.createDirectories(tmp.resolve(name + "-" + homes.incrementAndGet()));
    }

    private SandboxHome freshHome(String name) throws IOException {
        return new SandboxHome(freshDir(name)).withTestingKey();
    }
}
