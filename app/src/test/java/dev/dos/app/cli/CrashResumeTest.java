package dev.dos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.app.cli.JournalWatch.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
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
 * <p>The normal suite kills uploads at six points of the journal (and resumes each), a resume in
 * turn, an upload that is then deleted instead, and a delete twice (about a minute). A soak run
 * adds random kill points, a quarter of them killing the resume too:
 * {@code ./mvnw ... -Dtest='CrashResumeTest#randomKillPointsInASoakRun' -Ddos.crash.soak=50}
 * (optionally {@code -Ddos.crash.seed=N} to replay one).
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
    void anUploadKilledAtAnyOfSixPointsIsResumedToTheExactBytes() throws Exception {
        // Each trial has its own sandbox (and emulator, with its own rate limits), so they can run
        // side by side; most of a trial's time is spent waiting on rate limits, not computing.
        ExecutorService trials = Executors.newFixedThreadPool(3);
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
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Error error) {
                        throw error; // a failed assertion, as the trial reported it
                    }
                    throw e;
                }
            }
        } finally {
            trials.shutdownNow();
        }
    }

    @Test
    void randomKillPointsInASoakRun() throws Exception {
        int trials = Integer.getInteger("dos.crash.soak", 0);
        long seed = Long.getLong("dos.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        int killed = 0;
        for (int i = 0; i < trials; i++) {
            int posted = random.nextInt(40);
            boolean alsoKillResume = random.nextInt(4) == 0;
            KillPoint point = new KillPoint("soak " + i + ": " + posted + " chunks confirmed", p -> p.posted() >= posted
                    || p.manifestSaved());
            SandboxHome sandbox = freshHome();
            Path src = SandboxHome.writeTree(sandbox.home.resolve("src"));
            Progress stopped = killAt(sandbox, point, "upload", "-q", "--chunk-size", "2048", src.toString());
            if (stopped == null) {
                continue; // the upload finished first: nothing to resume
            }
            killed++;
            if (alsoKillResume) {
                int more = random.nextInt(20);
                Progress again = killAt(sandbox, new KillPoint("resume", p -> p.posted() >= stopped.posted() + more),
                        "resume", "-q", stopped.batchId());
                if (again == null) {
                    continue; // the resume finished first: nothing left to resume
                }
            }
            resumeAndCheck(sandbox, src, stopped.batchId(), -1);
        }
        System.out.printf("soak (seed %d): %d of %d uploads killed midway, all resumed to the exact bytes%n",
                seed, killed, trials);
        assertThat(killed).as("most random kill points are reached before the upload ends").isGreaterThanOrEqualTo(trials / 2);
    }

    @Test
    void aResumeKilledInTurnIsResumedAgain() throws Exception {
        SandboxHome sandbox = freshHome();
        Path src = SandboxHome.writeTree(sandbox.home.resolve("src"));
        Progress first = requireKilled(sandbox, new KillPoint("10 chunks confirmed", p -> p.posted() >= 10),
                "upload", "-q", "--chunk-size", "2048", src.toString());

        // One transfer: the premise is a resume still running when it is killed (with four it can finish first).
        Progress second = killAt(sandbox, new KillPoint("resume: 20 more chunks", p -> p.posted() >= first.posted() + 20),
                "resume", "-q", "--transfers", "1", first.batchId());

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

    @Test
    void aDeleteKilledMidwayIsFinishedByRunningItAgain() throws Exception {
        for (int delayMillis : new int[] {0, 15}) {
            SandboxHome sandbox = freshHome();
            Path src = SandboxHome.writeTree(sandbox.home.resolve("src"));
            SandboxHome.Run up = sandbox.dos("upload", "--json", "--chunk-size", "2048", src.toString());
            assertThat(up.code()).as(up.err()).isZero();
            String id = up.json().get("batch_id").asText();
            String thread;
            try (JournalWatch watch = new JournalWatch(sandbox.database())) {
                thread = watch.now().threadId();
            }

            Progress killed = killAt(sandbox, new KillPoint("delete started", p -> "DELETING".equals(p.state())),
                    delayMillis, "delete", id);
            if (delayMillis == 0) {
                assertThat(killed).as("delete killed as soon as it started").isNotNull();
            }

            // Killed: running it again finishes it. Not killed in time: it had finished by itself.
            SandboxHome.Run again = sandbox.dos("delete", id);
            assertThat(again.code()).as(again.err()).isEqualTo(killed != null ? ExitCode.OK : ExitCode.NOT_FOUND);
            assertThat(sandbox.dos("list", "--json").json().get("total").asInt()).isZero();
            assertThat(sandbox.stored(id, thread)).isEqualTo(new SandboxHome.Stored(List.of(), 0, 0));
        }
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
        }
        throw new AssertionError("never reached kill point '" + point.name() + "' in 3 attempts");
    }

    private Progress killAt(SandboxHome sandbox, KillPoint point, String... args) throws Exception {
        return killAt(sandbox, point, 0, args);
    }

    /**
     * Starts {@code dos args...} as a child JVM, waits until its journal reaches {@code point}, waits
     * {@code delayMillis} more, and kills it with SIGKILL. Returns the journal as it was left, or null
     * if the process ended (or completed its batch, or had not begun one) before it was killed.
     */
    private Progress killAt(SandboxHome sandbox, KillPoint point, int delayMillis, String... args) throws Exception {
        Process child = sandbox.start(args);
        try (JournalWatch watch = new JournalWatch(sandbox.database())) {
            Progress reached = watch.await(child, point.reached(), PATIENCE);
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
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
        return new SandboxHome(Files.createDirectories(tmp.resolve("home-" + homes++)));
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
