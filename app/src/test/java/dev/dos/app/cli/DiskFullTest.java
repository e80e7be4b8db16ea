package dev.dos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dos.core.format.ManifestEntry;
import dev.dos.core.meta.BatchQuery;
import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.SqliteMetadataStore;
import dev.dos.core.testing.Reliability;
import dev.dos.core.testing.Tmpfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restoring onto a disk that fills up (issue 7: "clear error, partial file removed, nothing else
 * touched"). The destination is a small tmpfs mounted for the test, so the disk really is full:
 * the kernel answers ENOSPC, as a full disk would. Each trial uploads a random batch larger than
 * the space left, with unrelated files already in the destination (some inside the folder the
 * restore writes into), runs {@code dos download} and checks what is left; then frees space and
 * runs the same command again.
 *
 * <p>Two ways to be full: no free blocks (a filler file leaves a random amount free, from none to
 * just under what the batch needs), or no free inodes (the tmpfs allows a random number of files
 * fewer than the batch has), which fails when a file or folder is created rather than written.
 */
@Tag(Reliability.TAG)
class DiskFullTest {
    private static final long PAGE = 4096;

    @TempDir
    Path home;

    /** The local index as data (batches, their chunks and entries), to show a restore changed nothing in it. */
    private static String index(SandboxHome sandbox) {
        StringBuilder out = new StringBuilder();
        try (SqliteMetadataStore store = SqliteMetadataStore.open(sandbox.database())) {
            for (BatchRecord b : store.listBatches(BatchQuery.all().page(0, 1000)).items()) {
                out.append(b).append('\n').append(store.chunks(b.id())).append('\n');
                for (ManifestEntry e : store.entries(b.id(), null)) {
                    out.append(e).append('\n');
                }
            }
        }
        return out.toString();
    }

    /** SHA-256 of every file under {@code dir} and the directories, by path. */
    private static Map<String, String> files(Path dir) throws IOException {
        return Files.exists(dir) ? SandboxHome.describe(dir) : Map.of();
    }

    /** Inodes used on the file system holding {@code dir} ({@code stat -f}: total minus free). */
    private static long inodesInUse(Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("stat", "-f", "-c", "%c %d", dir.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor(30, TimeUnit.SECONDS);
        String[] totalFree = out.split(" ");
        return Long.parseLong(totalFree[0]) - Long.parseLong(totalFree[1]);
    }

    private static long pages(long bytes) {
        return (bytes + PAGE - 1) / PAGE;
    }

    @Test
    void aRestoreThatFillsTheDiskStopsWithOneLineRemovesThePartialFileAndTouchesNothingElse() throws Exception {
        String why = Tmpfs.cannotMount(home.resolve("probe"));
        assumeTrue(why == null, "cannot mount a small tmpfs to fill (needs root or CAP_SYS_ADMIN): " + why);
        SandboxHome sandbox = new SandboxHome(home);
        int trials = Reliability.trials(3);
        long seed = new Random().nextLong();
        int held = 0;
        int stopped = 0;
        int oneLine = 0;
        int noPartial = 0;
        int untouched = 0;
        int indexSame = 0;
        int finished = 0;
        int inodeTrials = 0;
        List<String> failures = new ArrayList<>();
        for (int t = 0; t < trials; t++) {
            Random random = new Random(seed + t);
            Path src = Files.createDirectories(home.resolve("t" + t).resolve("src"));
            long needed = 0;
            int entries = 1;
            int files = 2 + random.nextInt(5);
            for (int i = 0; i < files; i++) {
                Path dir = random.nextBoolean() ? src : Files.createDirectories(src.resolve("d" + random.nextInt(2)));
                byte[] bytes = new byte[1 + random.nextInt(120_000)];
                random.nextBytes(bytes); // incompressible: what is stored is what the disk must hold
                Files.write(dir.resolve("f" + i + ".bin"), bytes);
                needed += pages(bytes.length) * PAGE;
            }
            try (Stream<Path> walk = Files.walk(src)) {
                entries = (int) walk.count();
            }
            SandboxHome.Run up = sandbox.dos("upload", "--json", "-q", src.toString());
            assertThat(up.code()).as(up.err()).isZero();
            String batch = up.json().get("batch_id").asText();

            boolean inodes = t % 2 == 1; // every other trial runs out of inodes rather than blocks
            inodeTrials += inodes ? 1 : 0;
            long size = needed + PAGE * (16 + random.nextInt(32));
            List<String> problems = new ArrayList<>();
            try (Tmpfs disk = new Tmpfs(home.resolve("disk" + t),
                    "size=" + size + ",nr_inodes=4096")) {
                Path dest = disk.dir.resolve("dest");
                Files.createDirectories(dest.resolve("src"));
                Files.writeString(dest.resolve("README.txt"), "unrelated file, restore must not touch it\n");
                Files.write(dest.resolve("src/old.bin"), SandboxHome.random(1 + random.nextInt(9000), seed + t));
                Files.createDirectories(disk.dir.resolve("other"));
                Files.write(disk.dir.resolve("other/keep.bin"), SandboxHome.random(1 + random.nextInt(9000), t));
                if (inodes) {
                    // The inodes in use now plus fewer than the batch's new folders and files need.
                    disk.remount("nr_inodes=" + (inodesInUse(disk.dir) + random.nextInt(entries - 1)));
                } else {
                    long free = Files.getFileStore(disk.dir).getUsableSpace();
                    long leave = PAGE * random.nextLong(needed / PAGE); // 0 .. needed - 1 page
                    long filler = Math.max(0, (free - leave) / PAGE * PAGE);
                    Files.write(disk.dir.resolve("other/filler"), new byte[(int) filler]);
                }
                Map<String, String> before = files(disk.dir);
                String indexBefore = index(sandbox);

                SandboxHome.Run down = sandbox.dos("download", batch, dest.toString(), "-q");

                // One line says the disk is full and where; each file left out is named on a warning line.
                List<String> lines = down.err().lines().filter(l -> !l.isBlank()).toList();
                List<String> errors = lines.stream().filter(l -> !l.startsWith("warning: ")).toList();
                List<String> warnings = lines.stream().filter(l -> l.startsWith("warning: ")).toList();
                if (down.code() == ExitCode.PARTIAL) {
                    stopped++;
                } else {
                    problems.add("exit " + down.code() + " (expected " + ExitCode.PARTIAL + ")");
                }
                if (errors.size() == 1 && errors.getFirst().startsWith("dos: disk full: no space left on device in "
                        + dest + ";") && warnings.stream().allMatch(w -> w.endsWith("not written"))
                        && !down.err().contains("Exception") && !down.err().contains("\tat ")) {
                    oneLine++;
                } else {
                    problems.add("stderr: " + down.err());
                }
                // What is there now: what was before, plus complete and correct batch files only.
                Map<String, String> after = files(disk.dir);
                Map<String, String> source = SandboxHome.describe(src.getParent());
                boolean partial = false;
                boolean touched = false;
                int restoredBefore = 0;
                for (Map.Entry<String, String> e : after.entrySet()) {
                    String path = e.getKey();
                    if (before.containsKey(path)) {
                        touched |= !before.get(path).equals(e.getValue());
                    } else if (path.startsWith("dest/") && e.getValue().equals(source.get(path.substring(5)))) {
                        restoredBefore += e.getValue().equals("dir") ? 0 : 1;
                    } else {
                        partial = true;
                        problems.add("left behind: " + path + " " + e.getValue());
                    }
                }
                for (String path : before.keySet()) {
                    if (!after.containsKey(path)) {
                        touched = true;
                        problems.add("removed: " + path);
                    }
                }
                // No silent gap: every batch file not restored is named.
                for (Map.Entry<String, String> e : source.entrySet()) {
                    if (!e.getValue().equals("dir") && !after.containsKey("dest/" + e.getKey())
                            && warnings.stream().noneMatch(w -> w.startsWith("warning: " + e.getKey() + ": "))) {
                        problems.add("not restored and not named: " + e.getKey());
                    }
                }
                noPartial += partial ? 0 : 1;
                untouched += touched ? 0 : 1;
                if (touched) {
                    problems.add("a file that was there changed");
                }
                if (restoredBefore >= files) {
                    problems.add("every file was restored: the disk never filled");
                }
                String indexAfter = index(sandbox);
                if (indexAfter.equals(indexBefore)) {
                    indexSame++;
                } else {
                    problems.add("the local index changed");
                }

                // Space freed: the same command finishes the job, the files already there are kept.
                disk.remount("size=" + (size + needed + PAGE * 64) + (inodes ? ",nr_inodes=4096" : ""));
                SandboxHome.Run again = sandbox.dos("download", batch, dest.toString(), "-q");
                Map<String, String> restored = SandboxHome.describe(dest);
                Map<String, String> expected = new TreeMap<>(source);
                expected.put("", "dir");
                expected.put("README.txt", before.get("dest/README.txt"));
                expected.put("src/old.bin", before.get("dest/src/old.bin"));
                Map<String, String> otherBefore = new TreeMap<>();
                before.forEach((path, hash) -> {
                    if (path.equals("other") || path.startsWith("other/")) {
                        otherBefore.put(path.equals("other") ? "" : path.substring(6), hash);
                    }
                });
                if (again.code() == ExitCode.OK && restored.equals(expected)
                        && files(disk.dir.resolve("other")).equals(otherBefore)) {
                    finished++;
                } else {
                    problems.add("after freeing space: exit " + again.code() + " " + again.err() + "; restored "
                            + restored + " expected " + expected);
                }
            }
            if (problems.isEmpty()) {
                held++;
            } else {
                failures.add("trial " + t + " (seed " + (seed + t) + (inodes ? ", no inodes" : ", no blocks") + "): "
                        + problems);
            }
        }
        Reliability.record("disk-full-restore", "disk",
                "download into a small tmpfs with less free space (or fewer free inodes) than the batch needs,"
                        + " unrelated files present; then space freed and the same download run again",
                trials, held, String.format("%d/%d ended with exit %d; %d/%d printed one 'disk full' line naming the"
                        + " destination and a warning naming each file not written; %d/%d left no partial or temporary file; %d/%d left every unrelated file byte-identical;"
                        + " %d/%d left the local index unchanged; %d/%d finished byte-identical once space was freed"
                        + " (%d trials out of inodes, %d out of blocks; seed %d)",
                        stopped, trials, ExitCode.PARTIAL, oneLine, trials, noPartial, trials, untouched, trials, indexSame, trials,
                        finished, trials, inodeTrials, trials - inodeTrials, seed),
                Reliability.mvnTest("app", "DiskFullTest"));
        assertThat(failures).isEmpty();
        assertThat(held).isEqualTo(trials);
    }
}
