package dev.dos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.core.remote.Blob;
import dev.dos.core.remote.ContainerInfo;
import dev.dos.core.remote.Post;
import dev.dos.core.remote.StorageRemote;
import dev.dos.discord.DiscordRemote;
import dev.dos.discord.DiscordSettings;
import dev.dos.emulator.FaultConfig;
import dev.dos.emulator.RequestRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.ObjIntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Trials of the whole life of a batch under injected network faults, through the real CLI against
 * an {@link EmulatedDiscord}: upload, download into a fresh directory, deep verify, sync, delete.
 * A command that fails must fail cleanly (one {@code dos:} line, no stack trace, a non-zero exit
 * code) and leave a state that re-running finishes: {@code dos resume} for an upload, the same
 * command for the others. Counts what happened, for the reliability ledger.
 */
final class FaultTrials {
    /** Base of every trial's fault seed; {@code -Ddos.faults.seed=N} replays another run. */
    static final long BASE_SEED = Long.getLong("dos.faults.seed", 20261125L);
    /** Re-runs of a failed command before the trial counts as not held. */
    static final int MAX_RERUNS = 5;
    private static final Pattern RESUME = Pattern.compile("dos resume ([0-9a-f]{32})");
    private static final Pattern CHUNK = Pattern.compile("[0-9a-f]{32}-(\\d{6})\\.dosc");
    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);
    /** A line of a Java stack trace, or its "Caused by". */
    private static final Pattern STACK_TRACE = Pattern.compile("(?m)^\\s+at [\\w.$]+\\(|^Caused by: |Exception in thread");

    final EmulatedDiscord discord;
    final Path work;
    /**
     * What a trial does while its upload runs (in the test thread), given the emulator and the
     * request log's size when the upload started; or null.
     */
    ObjIntConsumer<EmulatedDiscord> duringUpload;
    /** The uploads' --chunk-size: small, so that a trial makes many requests for faults to hit. */
    int chunkSize = 1024;
    /** Largest random file of a trial's tree. */
    int maxFileBytes = 12_000;
    /**
     * An outage (e.g. every request answered 503) that starts once the upload's first chunk post
     * is through and lasts until that upload command has given up; null for none. Set per trial.
     */
    FaultConfig uploadOutage;
    /** An outage during the whole first download attempt; null for none. Set per trial. */
    FaultConfig downloadOutage;

    // figures
    int trials;
    int held;
    final Count uploads = new Count();
    final Count downloads = new Count();
    final Count verifies = new Count();
    final Count syncs = new Count();
    final Count deletes = new Count();
    int identical;
    int uncleanFailures;
    int duplicatePosts;
    int chunksStored;
    final List<String> problems = new ArrayList<>();
    /** What sync runs that did not come out clean reported (their JSON). */
    final List<String> syncIssues = new ArrayList<>();

    /** One kind of command: how many ran, finished at once, finished after re-runs, never finished. */
    static final class Count {
        int attempted;
        int firstTry;
        int afterRerun;
        int reruns;

        int completed() {
            return firstTry + afterRerun;
        }

        @Override
        public String toString() {
            return completed() + "/" + attempted + " (" + firstTry + " first try, " + afterRerun + " after "
                    + reruns + " re-run" + (reruns == 1 ? "" : "s") + ")";
        }
    }

    FaultTrials(EmulatedDiscord discord, Path work) {
        this.discord = discord;
        this.work = work;
    }

    /** The seed of trial {@code trial} of case number {@code caseNo}. */
    static long seed(int caseNo, int trial) {
        return BASE_SEED * 1_000_003L + caseNo * 10_007L + trial;
    }

    /** Sets up the store with faults off (the emulator's own config). */
    void setUp() throws IOException {
        EmulatedDiscord.Run setup = discord.withTestingKey().setUp();
        assertThat(setup.code()).as(setup.err()).isZero();
    }

    /**
     * One trial: a random tree through upload, download, deep verify, sync and delete with
     * {@code faults} (seeded with {@code seed}) on. True when everything finished with identical
     * bytes and a consistent index; what went wrong is in {@link #problems}.
     */
    boolean trial(FaultConfig faults, long seed, int transfers) throws IOException {
        trials++;
        String tag = "trial seed " + seed + ": ";
        Path dir = Files.createDirectories(work.resolve("t" + seed));
        Path src = tree(dir.resolve("src"), seed, maxFileBytes);
        Map<String, String> expected = SandboxHome.describe(src);
        String t = Integer.toString(transfers);
        var admin = discord.emulator.admin();
        boolean ok = true;

        // upload, then resume until complete
        admin.setFaults(faults.toBuilder().seed(seed).build());
        uploads.attempted++;
        String id = upload(src, t, tag, faults.toBuilder().seed(seed + 2).build());
        if (id == null) {
            return false;
        }

        // the index and what is stored agree: every chunk there, duplicates only of whole posts
        admin.setFaults(FaultConfig.none());
        Stored stored = stored(id);
        admin.setFaults(faults.toBuilder().seed(seed + 1).build());
        if (!stored.missing().isEmpty() || stored.cards() != 1 || stored.twinThreads() != 0) {
            problems.add(tag + "batch " + id + " is missing chunks " + stored.missing() + " or has " + stored.cards()
                    + " cards or " + stored.twinThreads() + " threads of a name another already has");
            ok = false;
        }
        duplicatePosts += stored.duplicates();
        chunksStored += stored.chunks();

        // download into a fresh directory; a failure may leave missing files but never wrong bytes
        downloads.attempted++;
        Path dest = dir.resolve("restored");
        String[] download = {"download", id, dest.toString(), "--json", "--transfers", t};
        if (downloadOutage != null) {
            admin.setFaults(downloadOutage);
        }
        FaultConfig afterOutage = faults.toBuilder().seed(seed + 3).build();
        Runs down = untilDone(tag + "download", download, download, run -> {
            admin.setFaults(afterOutage);
            noWrongBytes(expected, dest, tag);
        });
        admin.setFaults(afterOutage);
        count(downloads, down);
        if (down.ok()) {
            if (expected.equals(describeOrEmpty(dest.resolve("src")))) {
                identical++;
            } else {
                problems.add(tag + "restored tree differs from the source");
                ok = false;
            }
        } else {
            ok = false;
        }

        verifies.attempted++;
        String[] verify = {"verify", id, "--deep", "--json", "--transfers", t};
        Runs v = untilDone(tag + "verify", verify, verify, null);
        count(verifies, v);
        if (v.ok() && !v.last().json().get("ok").asBoolean()) {
            problems.add(tag + "verify said not ok: " + v.last().out());
            ok = false;
        }
        ok &= v.ok();

        syncs.attempted++;
        String[] sync = {"sync", "--json", "-q"};
        Runs s = untilDone(tag + "sync", sync, sync, null);
        count(syncs, s);
        ok &= s.ok();

        deletes.attempted++;
        String[] delete = {"delete", id, "--json"};
        Runs del = untilDone(tag + "delete", delete, delete, null);
        count(deletes, del);
        ok &= del.ok();
        if (del.ok()) {
            admin.setFaults(FaultConfig.none());
            Stored after = stored(id);
            if (after.containers() != 0 || after.cards() != 0) {
                problems.add(tag + "after delete " + after.containers() + " threads and " + after.cards()
                        + " cards of " + id + " are left");
                ok = false;
            }
        }
        admin.setFaults(FaultConfig.none());
        ok &= !problemsSince(tag);
        if (ok) {
            held++;
        }
        return ok;
    }

    private boolean problemsSince(String tag) {
        return problems.stream().anyMatch(p -> p.startsWith(tag));
    }

    /** Uploads, then resumes until complete; the batch id, or null when it never completed. */
    private String upload(Path src, String transfers, String tag, FaultConfig afterOutage) throws IOException {
        String[] args = {"upload", "--json", "--chunk-size", Integer.toString(chunkSize), "--transfers", transfers,
                src.toString()};
        EmulatedDiscord.Run first;
        if (duringUpload != null || uploadOutage != null) {
            EmulatedDiscord.Run[] result = new EmulatedDiscord.Run[1];
            int from = discord.emulator.admin().requests().size();
            Thread cli = Thread.ofPlatform().start(() -> result[0] = discord.dos(args));
            try {
                if (duringUpload != null) {
                    duringUpload.accept(discord, from);
                }
                if (uploadOutage != null && awaitChunkPosts(discord, 1, from)) {
                    discord.emulator.admin().setFaults(uploadOutage);
                }
                cli.join();
                discord.emulator.admin().setFaults(afterOutage);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            first = result[0];
        } else {
            first = discord.dos(args);
        }
        if (first.code() == 0) {
            uploads.firstTry++;
            return first.json().get("batch_id").asText();
        }
        EmulatedDiscord.Run last = first;
        for (int rerun = 1; rerun <= MAX_RERUNS; rerun++) {
            checkClean(tag + "upload", last);
            uploads.reruns++;
            Matcher m = RESUME.matcher(last.err());
            String id = m.find() ? m.group(1) : resumable();
            last = id != null ? discord.dos("resume", id, "--json") : discord.dos(args);
            if (last.code() == 0) {
                uploads.afterRerun++;
                return last.json().get("batch_id").asText();
            }
        }
        problems.add(tag + "upload never completed: exit " + last.code() + ": " + last.err().strip());
        return null;
    }

    /** The one incomplete batch {@code dos resume --json} lists, if any. */
    private String resumable() throws IOException {
        EmulatedDiscord.Run list = discord.dos("resume", "--json");
        if (list.code() != 0) {
            return null;
        }
        JsonNode batches = list.json().get("resumable");
        return batches != null && batches.size() > 0 ? batches.get(0).get("batch_id").asText() : null;
    }

    record Runs(boolean ok, int runs, EmulatedDiscord.Run last) {
    }

    /** Runs {@code first}, then {@code again} until it exits 0; checks each failure. */
    private Runs untilDone(String what, String[] first, String[] again, Consumer<EmulatedDiscord.Run> afterFailure) {
        EmulatedDiscord.Run run = discord.dos(first);
        int runs = 1;
        while (run.code() != 0 && runs <= MAX_RERUNS) {
            checkClean(what, run);
            if (afterFailure != null) {
                afterFailure.accept(run);
            }
            run = discord.dos(again);
            runs++;
        }
        if (run.code() != 0) {
            problems.add(what + " never completed: exit " + run.code() + ": " + run.err().strip() + " " + run.out());
        }
        return new Runs(run.code() == 0, runs, run);
    }

    private static void count(Count count, Runs runs) {
        if (runs.ok()) {
            if (runs.runs() == 1) {
                count.firstTry++;
            } else {
                count.afterRerun++;
            }
        }
        count.reruns += runs.runs() - 1;
    }

    /**
     * A failure is one line starting with {@code dos:} (plus, for an unexpected failure, the hint
     * to use --debug), with a non-zero exit code and no stack trace.
     */
    void checkClean(String what, EmulatedDiscord.Run run) {
        if (run.code() == ExitCode.PARTIAL && run.err().isBlank() && run.out().contains("\"issues\"")) {
            // sync --json reports what it could not settle in its JSON, not on stderr
            syncIssues.add(run.out().strip());
            return;
        }
        // a restore names each file it could not write on a "warning:" line of its own
        List<String> lines = run.err().strip().lines().filter(l -> !l.isBlank())
                .filter(l -> !l.equals("(run again with --debug for details)"))
                .filter(l -> !l.startsWith("warning: ")).toList();
        boolean clean = run.code() != 0 && lines.size() == 1 && lines.get(0).startsWith("dos: ")
                && !STACK_TRACE.matcher(run.err()).find();
        if (!clean) {
            uncleanFailures++;
            problems.add(what + " failed without one clean line (exit " + run.code() + "): " + run.err()
                    + (run.err().isBlank() ? run.out() : ""));
        }
    }

    /** After a failed download: every file that is there has the source's bytes. */
    private void noWrongBytes(Map<String, String> expected, Path dest, String tag) {
        try {
            Map<String, String> there = describeOrEmpty(dest.resolve("src"));
            for (Map.Entry<String, String> e : there.entrySet()) {
                if (!e.getValue().equals("dir") && !e.getValue().equals(expected.get(e.getKey()))) {
                    problems.add(tag + "a failed download left wrong bytes in " + e.getKey());
                }
            }
        } catch (IOException e) {
            problems.add(tag + "cannot read the destination: " + e);
        }
    }

    private static Map<String, String> describeOrEmpty(Path root) throws IOException {
        return Files.exists(root) ? SandboxHome.describe(root) : Map.of();
    }

    /**
     * A random tree: a few files of random bytes (some of several chunks), one of compressible
     * text, an empty file, in two levels of directories.
     */
    static Path tree(Path dir, long seed, int maxFileBytes) throws IOException {
        Random random = new Random(seed);
        Files.createDirectories(dir.resolve("sub/deeper"));
        int files = 2 + random.nextInt(3);
        for (int i = 0; i < files; i++) {
            Path where = i % 3 == 0 ? dir : i % 3 == 1 ? dir.resolve("sub") : dir.resolve("sub/deeper");
            Files.write(where.resolve("f" + i + ".bin"), SandboxHome.random(1 + random.nextInt(maxFileBytes),
                    random.nextLong()));
        }
        Files.writeString(dir.resolve("sub/notes.txt"), ("text " + seed + " compresses well\n").repeat(400));
        Files.createFile(dir.resolve("empty"));
        return dir;
    }

    /** What Discord holds of a batch: its threads, chunk copies, cards. */
    record Stored(int containers, int twinThreads, int chunks, int duplicates, List<Integer> missing, int cards) {
    }

    /** Looks with the product's Discord client (no key needed: names and card texts are clear). */
    Stored stored(String batchId) throws IOException {
        var emulator = discord.emulator;
        DiscordSettings settings = DiscordSettings.builder().baseUrl(emulator.baseUrl()).token(emulator.token())
                .guildId(emulator.guildId()).channels(emulator.channelId("storage"), emulator.channelId("index"),
                        emulator.channelId("backup")).build();
        try (DiscordRemote remote = DiscordRemote.connect(settings)) {
            List<ContainerInfo> containers = remote.listContainers().stream()
                    .filter(c -> c.name().startsWith("dos-" + batchId)).toList();
            Map<Integer, Integer> copies = new TreeMap<>();
            for (ContainerInfo container : containers) {
                for (Post post : allPosts(remote, container.id())) {
                    for (Blob blob : post.blobs()) {
                        Matcher m = CHUNK.matcher(blob.name());
                        if (m.matches()) {
                            copies.merge(Integer.parseInt(m.group(1)), 1, Integer::sum);
                        }
                    }
                }
            }
            int cards = 0;
            for (Post post : allPosts(remote, remote.areaId(StorageRemote.Area.INDEX))) {
                cards += post.text().contains(batchId) && post.text().contains("dos-card") ? 1 : 0; // not its deletion record
            }
            int count = copies.isEmpty() ? 0 : copies.keySet().stream().mapToInt(Integer::intValue).max().getAsInt() + 1;
            List<Integer> missing = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                if (!copies.containsKey(i)) {
                    missing.add(i);
                }
            }
            int duplicates = copies.values().stream().mapToInt(n -> n - 1).sum();
            int twins = containers.size() - (int) containers.stream().map(ContainerInfo::name).distinct().count();
            return new Stored(containers.size(), twins, copies.size(), duplicates, missing, cards);
        }
    }

    private static List<Post> allPosts(StorageRemote remote, String containerId) throws IOException {
        List<Post> all = new ArrayList<>();
        String after = "0";
        while (true) {
            List<Post> page = remote.listPosts(containerId, after, 100);
            all.addAll(page);
            if (page.size() < 100) {
                return all;
            }
            after = page.stream().map(Post::id).max((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)))
                    .orElseThrow();
        }
    }

    // ---- what the emulator saw ----

    /** Requests answered with each status (0: connection reset by a fault). */
    static Map<Integer, Integer> statuses(List<RequestRecord> log) {
        Map<Integer, Integer> out = new TreeMap<>();
        log.forEach(r -> out.merge(r.status(), 1, Integer::sum));
        return out;
    }

    /** Answers of 401, 403 or 429: what Discord counts towards its invalid-request ban. */
    static List<Instant> invalid(List<RequestRecord> log) {
        return log.stream().filter(r -> r.status() == 401 || r.status() == 403 || r.status() == 429)
                .map(RequestRecord::time).sorted().toList();
    }

    /** The most invalid answers within any ten minutes. */
    static int peakPerTenMinutes(List<RequestRecord> log) {
        List<Instant> times = invalid(log);
        int peak = 0;
        int start = 0;
        for (int end = 0; end < times.size(); end++) {
            while (Duration.between(times.get(start), times.get(end)).compareTo(TEN_MINUTES) >= 0) {
                start++;
            }
            peak = Math.max(peak, end - start + 1);
        }
        return peak;
    }

    /** Status counts of interest in a short form: "5xx 12, 429 30, reset 4, 404 2". */
    static String faultSummary(List<RequestRecord> log) {
        Map<Integer, Integer> s = statuses(log);
        int fiveXx = s.entrySet().stream().filter(e -> e.getKey() >= 500).mapToInt(Map.Entry::getValue).sum();
        Map<String, Integer> parts = new java.util.LinkedHashMap<>();
        parts.put("requests", log.size());
        parts.put("5xx", fiveXx);
        parts.put("429", s.getOrDefault(429, 0));
        parts.put("resets", s.getOrDefault(0, 0));
        parts.put("401/403", s.getOrDefault(401, 0) + s.getOrDefault(403, 0));
        StringBuilder out = new StringBuilder();
        parts.forEach((k, v) -> out.append(out.isEmpty() ? "" : ", ").append(k).append(' ').append(v));
        return out.toString();
    }

    /** Requests on one route template. */
    static long count(List<RequestRecord> log, String route) {
        return log.stream().filter(r -> r.route().equals(route)).count();
    }

    /** The one-line summary of the transfers, for the ledger. */
    String summary() {
        return held + "/" + trials + " trials held; uploads " + uploads + "; downloads " + downloads + ", "
                + identical + "/" + downloads.attempted + " byte-identical; deep verify " + verifies + "; sync "
                + syncs + "; delete " + deletes + "; " + chunksStored + " chunks stored, " + duplicatePosts
                + " duplicate copies; " + uncleanFailures + " unclean failures";
    }

    /**
     * Waits (polling the request log) until {@code n} posts carrying chunks succeeded after the
     * first {@code from} entries of the log, at most a minute.
     */
    static boolean awaitChunkPosts(EmulatedDiscord discord, int n, int from) {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            List<RequestRecord> log = discord.emulator.admin().requests();
            long posted = log.subList(Math.min(from, log.size()), log.size()).stream()
                    .filter(r -> r.route().equals("POST /channels/{channel.id}/messages") && r.status() == 200
                            && r.requestBytes() > 2048)
                    .count();
            if (posted >= n) {
                return true;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
