package dev.dos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.app.cli.JournalWatch.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C and {@code dos resume} through the command line: an interrupted upload stops cleanly
 * with exit 130 and the exact command that continues it; resume refuses a changed source (exit 7)
 * and finishes an unchanged one to the exact bytes.
 */
class ResumeCliTest {
    @TempDir
    Path tmp;

    @Test
    void anInterruptedUploadSaysHowToResumeAndResumeRefusesAChangedSourceThenFinishesTheRestored()
            throws Exception {
        SandboxHome sandbox = new SandboxHome(tmp);
        Path src = SandboxHome.writeTree(tmp.resolve("src"));
        AtomicReference<SandboxHome.Run> upload = new AtomicReference<>();
        // One post at a time, so the upload is still running when 10 chunks are confirmed.
        Thread cli = new Thread(() -> upload.set(sandbox.dos("upload", "-q", "--transfers", "1", "--chunk-size", "2048",
                src.toString())));
        cli.start();
        String id;
        try (JournalWatch watch = new JournalWatch(sandbox.database())) {
            Progress reached = watch.await(cli::isAlive, p -> p.posted() >= 10, Duration.ofSeconds(60));
            assertThat(reached).as("the upload reached 10 confirmed chunks while still running").isNotNull();
            cli.interrupt(); // what the Ctrl-C shutdown hook does to the thread running the command
            cli.join(TimeUnit.SECONDS.toMillis(30));
            id = reached.batchId();
            assertThat(watch.now().state()).as("a clean stop saves the state").isEqualTo("INCOMPLETE");
        }
        SandboxHome.Run stopped = upload.get();
        assertThat(stopped.code()).isEqualTo(ExitCode.INTERRUPTED);
        assertThat(stopped.err()).contains("upload interrupted; resume with: dos resume " + id + " --sandbox");

        Path a = src.resolve("a.bin");
        byte[] original = Files.readAllBytes(a);
        FileTime mtime = Files.getLastModifiedTime(a);
        Files.write(a, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        SandboxHome.Run refused = sandbox.dos("resume", id.substring(0, 8));
        assertThat(refused.code()).as(refused.err()).isEqualTo(ExitCode.CONFLICT);
        assertThat(refused.err()).contains("changed: src/a.bin (size 30000 -> 30003)").contains("dos upload");

        Files.write(a, original);
        Files.setLastModifiedTime(a, mtime);
        SandboxHome.Run resumed = sandbox.dos("resume", id.substring(0, 8), "--json");
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.json().get("chunks_skipped").asInt()).isGreaterThanOrEqualTo(10);

        Path dest = tmp.resolve("restored");
        assertThat(sandbox.dos("download", id, dest.toString(), "-q").code()).isZero();
        assertThat(SandboxHome.describe(dest.resolve("src"))).isEqualTo(SandboxHome.describe(src));
    }

    @Test
    void resumeListsNothingWhenNothingWasInterruptedAndRefusesACompleteBatch() throws Exception {
        SandboxHome sandbox = new SandboxHome(tmp);
        Path src = Files.createDirectories(tmp.resolve("small"));
        Files.writeString(src.resolve("x.txt"), "x");
        String id = sandbox.dos("upload", "--json", src.toString()).json().get("batch_id").asText();

        SandboxHome.Run none = sandbox.dos("resume");
        assertThat(none.code()).isZero();
        assertThat(none.out()).contains("nothing to resume");
        JsonNode json = sandbox.dos("resume", "--json").json();
        assertThat(json.get("resumable")).isEmpty();

        SandboxHome.Run complete = sandbox.dos("resume", id);
        assertThat(complete.code()).isEqualTo(ExitCode.CONFLICT);
        assertThat(complete.err()).contains("already complete");
    }

    @Test
    void sigintToARealProcessStopsItWithExit130AndAResumeCommand() throws Exception {
        SandboxHome sandbox = new SandboxHome(tmp);
        Path src = SandboxHome.writeTree(tmp.resolve("src"));
        // Six posts into one thread: the sixth waits for the thread's rate limit (5 posts per 5 s),
        // so the upload is surely still running when the signal arrives.
        Files.write(src.resolve("more.bin"), SandboxHome.random(45_000, 3));
        Process child = sandbox.start("upload", "-q", "--transfers", "1", "--chunk-size", "2048", src.toString());
        Progress reached;
        try (JournalWatch watch = new JournalWatch(sandbox.database())) {
            reached = watch.await(child, p -> p.posted() >= 10, Duration.ofSeconds(60));
            assertThat(reached).isNotNull();
            assumeThat(ignoresSigint(child)).as("this test runner started us with SIGINT ignored").isFalse();
            new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).inheritIO().start().waitFor();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(watch.now().state()).isEqualTo("INCOMPLETE");
        } finally {
            child.destroyForcibly();
        }
        assertThat(child.exitValue()).isEqualTo(ExitCode.INTERRUPTED);
        assertThat(sandbox.childErr("upload"))
                .contains("upload interrupted; resume with: dos resume " + reached.batchId() + " --sandbox");

        SandboxHome.Run resumed = sandbox.dos("resume", reached.batchId());
        assertThat(resumed.code()).as(resumed.err()).isZero();
        Path dest = tmp.resolve("restored");
        assertThat(sandbox.dos("download", reached.batchId(), dest.toString(), "-q").code()).isZero();
        assertThat(SandboxHome.describe(dest.resolve("src"))).isEqualTo(SandboxHome.describe(src));
    }

    /** A process started with SIGINT ignored keeps it ignored, and the JVM then never sees Ctrl-C. */
    private static boolean ignoresSigint(Process process) throws IOException {
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        if (!Files.exists(status)) {
            return false;
        }
        return Files.readAllLines(status).stream().filter(l -> l.startsWith("SigIgn:"))
                .map(l -> Long.parseUnsignedLong(l.substring(7).strip(), 16))
                .anyMatch(mask -> (mask & 0b10) != 0); // bit of signal 2
    }
}
