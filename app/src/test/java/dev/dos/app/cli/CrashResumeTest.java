package dev.dos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.app.cli.JournalWatch.Progress;
import dev.dos.core.testing.Reliability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash tests that really kill the JVM. The CLI runs as a child process (its own JVM, with the
 * sandbox's embedded Discord emulator persisting to disk); the test watches its SQLite journal and
 * sends SIGKILL ({@code Process.destroyForcibly()}) at a chosen point: no shutdown hook, no
 * finally block, nothing saved that was not already on disk. Then {@code dos resume} (or
 * {@code dos delete}) runs and the result is checked byte for byte: the downloaded tree equals the
 * source, every chunk is stored exactly once in the batch's thread, and exactly one card exists.
 *
 * <p>Deterministic kill points: an upload at six points of its journal (each resumed; a reliability
 * case, {@code crash-upload-journal-points}), a resume killed in turn, an upload deleted instead of
 * resumed. Random kill points of upload, delete, sync and backup: {@link CrashRecoveryTest}.
 */
class CrashResumeTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private int homes;

    /** Where to kill an upload, by what its journal says. */
    private record KillPoint(String name, Predicate<Progress> reached) {
    }

    private static final List<KillPoint> KILL_POINTS = List.of(
            new KillPoint("source saved, nothing posted", p -> p.sourceSaved() && p.posting() == 0 && p.posted() == 0),
            new KillPoint("first post in flight", p -> p.posting() > 0 && p.posted() == 0),
            new KillPoint("10 chunks confirmed", p -> p.posted() >= 10),
            new KillPoint("20 chunks confirmed", p -> p.posted() >= 20),
            new KillPoint("every chunk confirmed", p -> p.lastPosted()),
            new KillPoint("manifest saved, card in flight", p -> p.manifestSaved()));

    @Test
    @Tag(Reliability.TAG)
    void anUploadKilledAtAnyOfSixPointsIsResumedToTheExactBytes() throws Exception {
        // Each trial has its own sandbox (and emulator, with its own rate limits), so they can run
        // side by side; most of a trial's time is spent waiting on rate limits, not computing. The
        // six points are fixed: the soak profile runs them once, as the normal suite does.
        ExecutorService trials = Executors.newFixedThreadPool(3);
        List<Throwable> failures = new ArrayList<>();
        int resumed = 0;
        try {
            List<Future<?>> running = new ArrayList<>();
            for (KillPoint point : KILL_POINTS) {
                SandboxHome sandbox = freshHome();
                running.add(trials.submit(() -> {
                    killUploadThenResume(sandbox, point);
                    return null;
                }));
            }
            for (Future<?> trial : running) {
                try {
                    trial.get();
                    resumed++;
                } catch (ExecutionException e) {
                    failures.add(e.getCause());
                }
            }
        } finally {
            trials.shutdownNow();
        }
        Reliability.record("crash-upload-journal-points", "crash",
                "kill -9 of 'dos upload' (child JVM) at six fixed points of its journal, from before the first"
                        + " post to the card in flight, then 'dos resume'",
                KILL_POINTS.size(), resumed, String.format("%d/%d resumed to byte-identical restores, chunks confirmed"
                        + " before the kill not posted again, each chunk once and one card on the remote",
                        resumed, KILL_POINTS.size()),
                Reliability.mvnTest("app", "CrashResumeTest#anUploadKilledAtAnyOfSixPointsIsResumedToTheExactBytes"));
        if (!failures.isEmpty()) {
            AssertionError first = new AssertionError(failures.size() + " of " + KILL_POINTS.size()
                    + " kill points not recovered: " + failures.getFirst(), failures.getFirst());
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }

    @Test
    void aResumeKilledInTurnIsResumedAgain() throws Exception {
        SandboxHome sandbox = freshHome();
        Path src = SandboxHome.writeTree(sandbox.home.resolve("src"));
        // Both runs are slowed to about 8 chunks a second (one transfer, a bandwidth limit), so each
        // kill lands near its point whatever the machine's speed or load: the resume must still have
        // 20 chunks to go when it is killed (a fast resume finished first once the sandbox's key
        // became cheap to unlock; a loaded machine let the upload run far past its kill point).
        Progress first = requireKilled(sandbox, new KillPoint("10 chunks confirmed", p -> p.posted() >= 10),
                "upload", "-q", "--chunk-size", "2048", "--transfers", "1", "--bwlimit", "16K", src.toString());

        Progress second = killAt(sandbox, new KillPoint("resume: 20 more chunks", p -> p.posted() >= first.posted() + 20),
                "resume", "-q", "--transfers", "1", "--bwlimit", "16K", first.batchId());

        assertThat(second).as("the resume was killed before it finished").isNotNull();
        assertThat(second.state()).isEqualTo("UPLOADING");
        resumeAndCheck(sandbox, src, first.batchId(), second.posted());
    }

    @Test
    void anUploadKilledMidwayCanBeDeletedInsteadLeavingNothingBehind() throws Exception {
        SandboxHome sandbox = freshHome();
        Path src = SandboxHome.writeTree(sandbox.home.resolve("src"));
        Progress killed = requireKilled(sandbox, KILL_POINTS.get(1), "upload", "-q", "--chunk-size", "2048",
                src.toString());

        SandboxHome.Run delete = sandbox.dos("delete", killed.batchId());

        assertThat(delete.code()).as(delete.err()).isZero();
        assertThat(sandbox.stored(killed.batchId(), killed.threadId()))
                .isEqualTo(new SandboxHome.Stored(List.of(), 0, 0));
    }

    // ---- the steps of a trial ---------------------------------------------------------------

    private void killUploadThenResume(SandboxHome sandbox, KillPoint point) throws Exception {
        Path src = SandboxHome.writeTree(sandbox.home.resolve("src"));
        Progress killed = requireKilled(sandbox, point, "upload", "-q", "--chunk-size", "2048", src.toString());
        assertThat(killed.state()).as(point.name()).isEqualTo("UPLOADING");

        // A killed upload says nothing; list and resume must still show its batch as resumable.
        JsonNode listed = sandbox.dos("list", "--json").json().get("batches").get(0);
        assertThat(listed.get("batch_id").asText()).isEqualTo(killed.batchId());
        assertThat(listed.get("state").asText()).as(point.name()).isEqualTo("incomplete");
        JsonNode resumable = sandbox.dos("resume", "--json").json().get("resumable");
        assertThat(resumable).hasSize(1);
        assertThat(resumable.get(0).get("resume_command").asText())
                .isEqualTo("dos resume " + killed.batchId() + " --sandbox");

        resumeAndCheck(sandbox, src, killed.batchId(), killed.posted());
    }

    /**
     * Resumes in this JVM, then checks: the batch is complete, chunks confirmed before the kill were
     * not posted again ({@code postedBeforeKill}, or -1 not to check), the download equals the
     * source, and the remote holds each chunk once and one card.
     */
    private void resumeAndCheck(SandboxHome sandbox, Path src, String id, int postedBeforeKill) throws Exception {
        SandboxHome.Run resume = sandbox.dos("resume", id, "--json");
        assertThat(resume.code()).as(resume.err()).isZero();
        JsonNode done = resume.json();
        int chunks = done.get("chunks").asInt();
        assertThat(done.get("chunks_skipped").asInt() + done.get("chunks_adopted").asInt()
                + done.get("chunks_posted").asInt()).isEqualTo(chunks);
        if (postedBeforeKill >= 0) {
            assertThat(done.get("chunks_skipped").asInt()).as("confirmed chunks are skipped")
                    .isEqualTo(postedBeforeKill);
        }

        Path dest = sandbox.home.resolve("restored");
        SandboxHome.Run down = sandbox.dos("download", id, dest.toString(), "-q", "--json");
        assertThat(down.code()).as(down.err()).isZero();
        assertThat(SandboxHome.describe(dest.resolve("src"))).isEqualTo(SandboxHome.describe(src));

        String thread;
        try (JournalWatch watch = new JournalWatch(sandbox.database())) {
            Progress now = watch.now();
            assertThat(now.state()).isEqualTo("COMPLETE");
            thread = now.threadId();
        }
        SandboxHome.Stored stored = sandbox.stored(id, thread);
        assertThat(stored.chunkNames()).doesNotHaveDuplicates().hasSize(chunks);
        assertThat(stored.cards()).isEqualTo(1);
        assertThat(stored.threads()).isEqualTo(1);
    }

    /** As {@link #killAt}, but starting over in an empty sandbox (3 times at most) if the process finished first. */
    private Progress requireKilled(SandboxHome sandbox, KillPoint point, String... args) throws Exception {
        for (int attempt = 1; attempt <= 3; attempt++) {
            Progress killed = killAt(sandbox, point, args);
            if (killed != null) {
                return killed;
            }
            // Finished before the kill point was seen: start again from an empty sandbox.
            deleteRecursively(sandbox.home.resolve(".local"));
            sandbox.withTestingKey();
        }
        throw new AssertionError("never reached kill point '" + point.name() + "' in 3 attempts");
    }

    /**
     * Starts {@code dos args...} as a child JVM, waits until its journal reaches {@code point}, and
     * kills it with SIGKILL. Returns the journal as it was left, or null if the process ended (or
     * completed its batch, or had not begun one) before it was killed.
     */
    private Progress killAt(SandboxHome sandbox, KillPoint point, String... args) throws Exception {
        Process child = sandbox.start(args);
        try (JournalWatch watch = new JournalWatch(sandbox.database())) {
            Progress reached = watch.await(child, point.reached(), PATIENCE);
            boolean alive = child.isAlive();
            child.destroyForcibly();
            child.waitFor();
            Progress left = JournalWatch.afterKill(watch);
            // Alive when the kill was sent, but it may have completed the batch just before dying,
            // or (a kill point met by an empty journal) not have created it yet.
            if (reached == null || !alive || left.batchId() == null || "COMPLETE".equals(left.state())) {
                return null;
            }
            return left;
        } finally {
            child.destroyForcibly();
        }
    }

    private synchronized SandboxHome freshHome() throws IOException {
        return new SandboxHome(Files.createDirectories(tmp.resolve("home-" + homes++))).withTestingKey();
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
