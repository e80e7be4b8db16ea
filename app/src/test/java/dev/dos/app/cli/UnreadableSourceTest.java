package dev.dos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dos.core.testing.Reliability;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Source files the uploading user cannot read (issue 7: "reported and skipped or abort, per flag,
 * never a silent gap"). Permission bits are the realistic cause; as root they do not stop a read,
 * so the upload then runs as a child JVM under {@code setpriv} without the two capabilities that
 * bypass them (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), as an ordinary user would be.
 *
 * <p>Each trial builds a random tree in which some files are mode 000, some directories are 000
 * (cannot be listed) and some are 0400 (listed, but their children cannot be looked at), uploads
 * it, restores it and accounts for every source file: restored byte-identical, or named as
 * skipped (itself or the directory that hid it). Nothing may be missing without a word.
 */
@Tag(Reliability.TAG)
class UnreadableSourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    @TempDir
    Path home;

    /** One random source tree and what the uploading user can and cannot read in it. */
    private record Tree(Path root, Map<String, Path> readableFiles, Set<Path> unreadable, List<Path> locked) {
    }

    /**
     * Builds a tree of readable files, unreadable files, an unlistable directory and a directory
     * whose children cannot be inspected; all under {@code <home>/<name>/src}.
     */
    private Tree tree(String name, Random random) throws IOException {
        Path root = Files.createDirectories(home.resolve(name).resolve("src"));
        Map<String, Path> readable = new TreeMap<>();
        Set<Path> unreadable = new LinkedHashSet<>();
        List<Path> locked = new ArrayList<>();
        int files = 3 + random.nextInt(5);
        for (int i = 0; i < files; i++) {
            Path dir = random.nextBoolean() ? root : Files.createDirectories(root.resolve("sub" + random.nextInt(3)));
            Path file = dir.resolve("f" + i + ".bin");
            byte[] bytes = new byte[random.nextInt(40_000)];
            random.nextBytes(bytes);
            Files.write(file, bytes);
            if (i > 0 && random.nextInt(3) == 0) {
                unreadable.add(file); // i > 0: at least one readable file stays
                locked.add(file);
            } else {
                readable.put(root.getParent().relativize(file).toString(), file);
            }
        }
        Path unlistable = Files.createDirectories(root.resolve("no-list"));
        Files.writeString(unlistable.resolve("hidden.txt"), "inside a directory nobody may list\n");
        unreadable.add(unlistable);
        locked.add(unlistable);
        if (random.nextBoolean()) {
            // r-- without x: the names can be listed but nothing under them looked at.
            Path noSearch = Files.createDirectories(root.resolve("no-search"));
            for (int i = 0; i < 1 + random.nextInt(2); i++) {
                Path child = noSearch.resolve("c" + i + ".txt");
                Files.writeString(child, "child " + i + "\n");
                unreadable.add(child);
            }
            locked.add(noSearch);
        }
        for (Path p : locked) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                    p.getFileName().toString().equals("no-search") ? "r--------" : "---------"));
        }
        return new Tree(root, readable, unreadable, locked);
    }

    private static void unlock(Tree tree) throws IOException {
        for (Path p : tree.locked()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwx------" : "rw-------"));
        }
    }

    /** {@code dos --sandbox args...} as a user without the capabilities that bypass permission bits. */
    private SandboxHome.Run dosWithoutDacOverride(String... args) throws Exception {
        if (!ROOT) {
            return new SandboxHome(home).dos(args); // permission bits already apply
        }
        List<String> command = new ArrayList<>(List.of("setpriv",
                "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-dac_override,-dac_read_search",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--sandbox"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> (k.startsWith("DOS_") && !k.equals("DOS_SPEC_REPORT"))
                || k.startsWith("XDG_"));
        builder.environment().putAll(new SandboxHome(home).env());
        Path logs = Files.createDirectories(home.resolve("logs"));
        String name = args[0] + "-" + System.nanoTime();
        Process process = builder.redirectOutput(logs.resolve(name + ".out").toFile())
                .redirectError(logs.resolve(name + ".err").toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child dos did not finish in 120 s");
        }
        return new SandboxHome.Run(process.exitValue(), Files.readString(logs.resolve(name + ".out")),
                Files.readString(logs.resolve(name + ".err")));
    }

    /** Whether the permission bits can be made to apply here: root needs setpriv to drop its overrides. */
    private void assumePermissionsApply() throws Exception {
        if (ROOT) {
            boolean setpriv;
            try {
                Process p = new ProcessBuilder("setpriv", "--bounding-set=-dac_override,-dac_read_search", "true")
                        .redirectErrorStream(true).start();
                setpriv = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                setpriv = false;
            }
            assumeTrue(setpriv, "running as root without a working setpriv: permission bits cannot be made to"
                    + " stop a read (root's CAP_DAC_OVERRIDE ignores them)");
        }
    }

    private static Set<String> entryPaths(JsonNode info, String type) {
        Set<String> paths = new TreeSet<>();
        info.get("entries").forEach(f -> {
            if (f.get("type").asText().equals(type)) {
                paths.add(f.get("path").asText());
            }
        });
        return paths;
    }

    /** Every source file (as root sees them) that is neither restored byte-identical nor named, itself or an ancestor. */
    private static List<String> silentGaps(Path source, Path restored, String named) throws IOException {
        List<String> gaps = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                Path copy = restored.resolve(source.getParent().relativize(file).toString());
                boolean identical = Files.isRegularFile(copy) && Files.mismatch(file, copy) == -1;
                boolean reported = false;
                for (Path p = file; p != null && p.startsWith(source); p = p.getParent()) {
                    reported |= named.contains(p + ": cannot read, skipped");
                }
                if (!identical && !reported) {
                    gaps.add(file.toString());
                }
            }
        }
        return gaps;
    }

    @Test
    void unreadableFilesAreSkippedAndEachIsNamedAndEverythingElseIsStored() throws Exception {
        assumePermissionsApply();
        SandboxHome sandbox = new SandboxHome(home);
        int trials = Reliability.trials(3);
        long seed = new Random().nextLong();
        int held = 0;
        int readable = 0;
        int restoredIdentical = 0;
        int unreadable = 0;
        int named = 0;
        int gaps = 0;
        List<String> failures = new ArrayList<>();
        for (int t = 0; t < trials; t++) {
            Random random = new Random(seed + t);
            Tree tree = tree("skip" + t, random);
            try {
                SandboxHome.Run up = dosWithoutDacOverride("upload", "--json", "-q", tree.root().toString());
                readable += tree.readableFiles().size();
                unreadable += tree.unreadable().size();
                List<String> problems = new ArrayList<>();
                if (up.code() != ExitCode.PARTIAL) {
                    problems.add("upload exit " + up.code() + " (expected " + ExitCode.PARTIAL + "): " + up.err());
                    failures.add("trial " + t + ": " + problems);
                    continue;
                }
                JsonNode result = JSON.readTree(up.out());
                String batch = result.get("batch_id").asText();
                List<String> jsonWarnings = new ArrayList<>();
                result.get("warnings").forEach(w -> jsonWarnings.add(w.asText()));
                int namedHere = 0;
                for (Path p : tree.unreadable()) {
                    boolean inJson = jsonWarnings.stream().anyMatch(w -> w.startsWith(p + ": cannot read, skipped"));
                    boolean onStderr = up.err().contains(p + ": cannot read, skipped");
                    if (inJson && onStderr) {
                        namedHere++;
                    } else {
                        problems.add(p + " not named (json " + inJson + ", stderr " + onStderr + ")");
                    }
                }
                named += namedHere;
                // Nothing readable is reported as skipped.
                for (JsonNode w : result.get("warnings")) {
                    String path = w.asText().replaceFirst(": cannot read, skipped.*", "");
                    if (!tree.unreadable().contains(Path.of(path))) {
                        problems.add("warning about a readable path: " + w.asText());
                    }
                }
                JsonNode info = sandbox.dos("info", batch, "--json").json();
                Set<String> stored = entryPaths(info, "file");
                if (!stored.equals(tree.readableFiles().keySet())) {
                    problems.add("manifest files " + stored + " != readable " + tree.readableFiles().keySet());
                }
                Path dest = home.resolve("skip" + t).resolve("restored");
                SandboxHome.Run down = sandbox.dos("download", batch, dest.toString(), "-q");
                if (down.code() != ExitCode.OK) {
                    problems.add("download exit " + down.code() + ": " + down.err());
                }
                for (Map.Entry<String, Path> f : tree.readableFiles().entrySet()) {
                    Path copy = dest.resolve(f.getKey());
                    if (Files.isRegularFile(copy) && Files.mismatch(f.getValue(), copy) == -1) {
                        restoredIdentical++;
                    } else {
                        problems.add("not restored byte-identical: " + f.getKey());
                    }
                }
                List<String> silent = silentGaps(tree.root(), dest, up.err());
                gaps += silent.size();
                if (!silent.isEmpty()) {
                    problems.add("silent gaps: " + silent);
                }
                if (problems.isEmpty()) {
                    held++;
                } else {
                    failures.add("trial " + t + " (seed " + (seed + t) + "): " + problems);
                }
            } finally {
                unlock(tree);
            }
        }
        Reliability.record("disk-unreadable-skip", "disk",
                "upload of trees with mode-000 files, a mode-000 directory and a mode-0400 directory, as a user"
                        + " without CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH; default policy (skip and report)",
                trials, held, String.format("%d/%d uploads exit %d; %d/%d unreadable paths named on stderr and in"
                        + " --json; %d/%d readable files restored byte-identical; %d silent gaps (seed %d)",
                        held, trials, ExitCode.PARTIAL, named, unreadable, restoredIdentical, readable, gaps, seed),
                Reliability.mvnTest("app", "UnreadableSourceTest#unreadableFilesAreSkippedAndEachIsNamedAndEverythingElseIsStored"));
        assertThat(failures).isEmpty();
        assertThat(held).isEqualTo(trials);
    }

    @Test
    void withAbortOnUnreadableTheUploadStopsNamingTheFileAndResumesOnceItIsReadable() throws Exception {
        assumePermissionsApply();
        SandboxHome sandbox = new SandboxHome(home);
        int trials = Reliability.trials(2);
        long seed = new Random().nextLong();
        int held = 0;
        int refused = 0;
        int resumed = 0;
        int reuploaded = 0;
        int identical = 0;
        List<String> failures = new ArrayList<>();
        for (int t = 0; t < trials; t++) {
            Random random = new Random(seed + t);
            Tree tree = tree("abort" + t, random);
            List<String> problems = new ArrayList<>();
            SandboxHome.Run up;
            try {
                up = dosWithoutDacOverride("upload", "--json", "-q", "--abort-on-unreadable", tree.root().toString());
            } finally {
                unlock(tree);
            }
            List<String> lines = up.err().lines().filter(l -> !l.isBlank()).toList();
            boolean namesAFile = !lines.isEmpty()
                    && tree.unreadable().stream().anyMatch(p -> lines.getFirst().contains(p.toString()));
            if (up.code() == ExitCode.OK || up.code() == ExitCode.PARTIAL || !namesAFile
                    || up.err().contains("Exception") || up.err().contains("\tat ")) {
                problems.add("upload exit " + up.code() + ", stderr: " + up.err());
            } else {
                refused++;
            }
            // Resumable: the line says how, and once the file is readable the batch completes.
            java.util.regex.Matcher resume = java.util.regex.Pattern.compile("resume with: dos .*resume ([0-9a-f]{32})")
                    .matcher(lines.isEmpty() ? "" : lines.getFirst());
            if (!resume.find()) {
                problems.add("no resume command in: " + up.err());
            } else {
                String batch = resume.group(1);
                // The stopped batch is no complete batch: it cannot be restored as if it were one.
                SandboxHome.Run early = sandbox.dos("download", batch, home.resolve("abort" + t + "/early").toString(), "-q");
                if (early.code() != ExitCode.NOT_FOUND || Files.exists(home.resolve("abort" + t + "/early/src"))) {
                    problems.add("the stopped batch restored: exit " + early.code() + " " + early.err());
                }
                // Fixing the permissions changes the files' modes, which resume must refuse (it would
                // mix two versions); then the way it names (delete, upload again) must work.
                SandboxHome.Run again = sandbox.dos("resume", batch, "-q");
                String restoreFrom = batch;
                if (again.code() == ExitCode.CONFLICT && again.err().contains("upload them again")) {
                    SandboxHome.Run delete = sandbox.dos("delete", batch);
                    SandboxHome.Run fresh = sandbox.dos("upload", "--json", "-q", tree.root().toString());
                    if (delete.code() != 0 || fresh.code() != 0) {
                        problems.add("delete exit " + delete.code() + " " + delete.err() + "; upload exit "
                                + fresh.code() + " " + fresh.err());
                    } else {
                        restoreFrom = fresh.json().get("batch_id").asText();
                        reuploaded++;
                    }
                } else if (again.code() == 0) {
                    resumed++;
                } else {
                    problems.add("resume exit " + again.code() + " " + again.err());
                }
                Path dest = home.resolve("abort" + t).resolve("restored");
                SandboxHome.Run down = sandbox.dos("download", restoreFrom, dest.toString(), "-q");
                Map<String, String> restored = down.code() == 0
                        ? SandboxHome.describe(dest.resolve("src")) : Map.of();
                if (restored.equals(SandboxHome.describe(tree.root()))) {
                    identical++;
                } else {
                    problems.add("download exit " + down.code() + " " + down.err() + "; restored " + restored);
                }
            }
            if (problems.isEmpty()) {
                held++;
            } else {
                failures.add("trial " + t + " (seed " + (seed + t) + "): " + problems);
            }
        }
        Reliability.record("disk-unreadable-abort", "disk",
                "upload --abort-on-unreadable of trees with unreadable files and directories, as a user without"
                        + " CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH; then the files made readable (chmod) and the batch"
                        + " resumed, or deleted and uploaded again as the refusal says",
                trials, held, String.format("%d/%d uploads stopped with one line naming an unreadable path and the"
                        + " resume command; the stopped batch never restorable; after chmod: %d resumed, %d refused"
                        + " (modes changed) then deleted and re-uploaded; %d/%d trees restored byte-identical (seed %d)",
                        refused, trials, resumed, reuploaded, identical, trials, seed),
                Reliability.mvnTest("app", "UnreadableSourceTest#withAbortOnUnreadableTheUploadStopsNamingTheFileAndResumesOnceItIsReadable"));
        assertThat(failures).isEmpty();
        assertThat(held).isEqualTo(trials);
    }
}
