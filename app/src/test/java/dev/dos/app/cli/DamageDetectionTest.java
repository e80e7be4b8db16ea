package dev.dos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.core.format.ManifestEntry;
import dev.dos.core.meta.BatchRecord;
import dev.dos.core.meta.ChunkRecord;
import dev.dos.core.meta.SqliteMetadataStore;
import dev.dos.core.testing.Reliability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage done behind our back to what Discord stores, the way a storage fault or a moderator
 * would (issue 7: "verify names the batch, chunk and the files affected; restore of unaffected
 * files still works; exit code says integrity failure"). The store is the Discord emulator on
 * 127.0.0.1, set up as a user would with {@code dos setup}; the damage goes through its admin
 * hooks: an attachment's bytes altered or swapped with another batch's chunk, a chunk's message
 * deleted, the batch's thread deleted, the batch card or its manifest removed.
 *
 * <p>Each trial uploads a random tree in small chunks, damages it at random, and checks every
 * command against what the chunk map says: the damaged chunks, and exactly the entries whose bytes
 * (tar header to the next entry's header) lie in them, computed here from the index's manifest
 * rows, not taken from the product's own report.
 */
@Tag(Reliability.TAG)
class DamageDetectionTest {
    @TempDir
    Path home;

    EmulatedDiscord discord;

    @BeforeEach
    void setUp() throws IOException {
        discord = EmulatedDiscord.withStore(home);
    }

    private EmulatedDiscord.Run dos(String... args) {
        return discord.dos(args);
    }

    @AfterEach
    void stop() {
        discord.close();
    }

    /** An uploaded batch: its source, its manifest rows and its chunk map, as the local index has them. */
    private record Batch(String id, Path src, BatchRecord record, List<ManifestEntry> entries,
                         List<ChunkRecord> chunks) {
        /** The source file an entry path ("src/...") came from. */
        Path source(String entryPath) {
            return src.getParent().resolve(entryPath);
        }
    }

    private Batch upload(String name, Random random) throws IOException {
        return upload(name, random, 2048 + random.nextInt(6144));
    }

    private Batch upload(String name, Random random, int chunkSize, String... options) throws IOException {
        Path src = Files.createDirectories(home.resolve(name).resolve("src"));
        int files = 3 + random.nextInt(6);
        for (int i = 0; i < files; i++) {
            Path dir = random.nextInt(3) == 0 ? Files.createDirectories(src.resolve("sub" + random.nextInt(2))) : src;
            int size = random.nextInt(5) == 0 ? 0 : random.nextInt(24_000);
            byte[] bytes = new byte[size];
            if (random.nextBoolean()) {
                random.nextBytes(bytes);
            } else {
                for (int b = 0; b < size; b++) {
                    bytes[b] = (byte) ('a' + random.nextInt(4)); // compresses some
                }
            }
            Files.write(dir.resolve("f" + i + ".bin"), bytes);
        }
        List<String> args = new ArrayList<>(List.of("upload", "--json", "-q", "--chunk-size", Integer.toString(chunkSize)));
        args.addAll(List.of(options));
        args.add(src.toString());
        EmulatedDiscord.Run up = dos(args.toArray(String[]::new));
        assertThat(up.code()).as(up.all()).isZero();
        String id = up.json().get("batch_id").asText();
        try (SqliteMetadataStore index = SqliteMetadataStore.open(discord.dataDir().resolve("metadata.db"))) {
            return new Batch(id, src, index.batch(id).orElseThrow(), index.entries(id, null), index.chunks(id));
        }
    }

    /**
     * The entries with bytes in chunk {@code chunk}: an entry runs from its tar header to where the
     * next one's header starts (the last one to the end of the stream), so it touches every chunk
     * from its own start to the next entry's start, less that one when the next starts at offset 0.
     */
    private static SortedSet<String> entriesIn(Batch batch, int chunk) {
        SortedSet<String> paths = new TreeSet<>();
        List<ManifestEntry> entries = batch.entries();
        for (int i = 0; i < entries.size(); i++) {
            int first = entries.get(i).chunkIndex();
            int last;
            if (i + 1 < entries.size()) {
                ManifestEntry next = entries.get(i + 1);
                last = next.offset() == 0 ? next.chunkIndex() - 1 : next.chunkIndex();
            } else {
                last = batch.chunks().size() - 1;
            }
            if (chunk >= first && chunk <= Math.max(first, last)) {
                paths.add(entries.get(i).path());
            }
        }
        return paths;
    }

    /** Damaged chunk -> the entries it holds, for every damaged chunk. */
    private static SortedMap<Integer, SortedSet<String>> expected(Batch batch, Set<Integer> damaged) {
        SortedMap<Integer, SortedSet<String>> out = new TreeMap<>();
        for (int chunk : damaged) {
            out.put(chunk, entriesIn(batch, chunk));
        }
        return out;
    }

    /** What a {@code verify --json} report says: bad chunk -> affected files. */
    private static SortedMap<Integer, SortedSet<String>> reported(JsonNode batchReport) {
        SortedMap<Integer, SortedSet<String>> out = new TreeMap<>();
        for (JsonNode bad : batchReport.get("bad_chunks")) {
            SortedSet<String> files = new TreeSet<>();
            bad.get("affected_files").forEach(f -> files.add(f.asText()));
            out.put(bad.get("index").asInt(), files);
        }
        return out;
    }

    /** The figures of one damage case, summed over its trials. */
    private static final class Tally {
        int trials;
        int held;
        int detectedQuick;
        int detectedDeep;
        int namedExactly;
        int unaffectedFiles;
        int unaffectedRestored;
        int affectedFiles;
        int affectedReportedOrIntact;
        int singleRestores;
        int singleRestoresOk;
        final List<String> failures = new ArrayList<>();

        String outcome(long seed) {
            return String.format("%d/%d trials: damage found by quick verify %d/%d and deep verify %d/%d (exit %d);"
                            + " batch, chunks and affected entries named exactly %d/%d; unaffected files restored"
                            + " byte-identical %d/%d; affected files named or intact, never corrupt %d/%d; single"
                            + " unaffected files restored %d/%d (seed %d)", held, trials, detectedQuick, trials,
                    detectedDeep, trials, ExitCode.INTEGRITY, namedExactly, trials, unaffectedRestored,
                    unaffectedFiles, affectedReportedOrIntact, affectedFiles, singleRestoresOk, singleRestores, seed);
        }
    }

    /**
     * Runs {@code trials} trials of one kind of chunk damage: {@code damage} harms a fresh batch
     * and returns the chunk indexes it damaged.
     */
    /**
     * @param chunkSize the chunk size of every trial's batch, or 0 for small random ones (1 to 2 KiB:
     *                  several posts of ten chunks, so a deleted message leaves others intact)
     */
    private Tally chunkDamageTrials(String caseName, long seed, int trials, int chunkSize,
                                    BiFunction<Batch, Random, Set<Integer>> damage) throws IOException {
        Tally tally = new Tally();
        for (int t = 0; t < trials; t++) {
            Random random = new Random(seed + t);
            // One to four transfers: with more than one, posts spread over lanes beside the thread.
            Batch batch = upload(caseName + t, random, chunkSize > 0 ? chunkSize : 1024 + random.nextInt(1024),
                    "--transfers", Integer.toString(1 + random.nextInt(4)));
            Set<Integer> damaged = damage.apply(batch, random);
            List<String> problems = new ArrayList<>();
            check(batch, expected(batch, damaged), home.resolve(caseName + t), random, tally, problems);
            tally.trials++;
            if (problems.isEmpty()) {
                tally.held++;
            } else {
                tally.failures.add("trial " + t + " (seed " + (seed + t) + ", damaged chunks " + damaged + "): "
                        + problems);
            }
        }
        return tally;
    }

    private void check(Batch batch, SortedMap<Integer, SortedSet<String>> expected, Path work, Random random,
                       Tally tally, List<String> problems) throws IOException {
        Set<String> affected = new TreeSet<>();
        expected.values().forEach(affected::addAll);

        // Quick and deep verify: exit 4, the batch, exactly the damaged chunks and the entries in them;
        // one of the two as JSON, the other as text (which one alternates from trial to trial).
        boolean exact = true;
        boolean deepAsText = random.nextBoolean();
        for (boolean deep : new boolean[] {false, true}) {
            String kind = deep ? "deep" : "quick";
            List<String> args = new ArrayList<>(List.of("verify", batch.id(), "-q"));
            if (deep) {
                args.add("--deep");
            }
            boolean asText = deep == deepAsText;
            if (!asText) {
                args.add("--json");
            }
            EmulatedDiscord.Run run = dos(args.toArray(String[]::new));
            if (run.code() != ExitCode.INTEGRITY) {
                problems.add(kind + " verify exit " + run.code() + ": " + run.all());
                exact = false;
                continue;
            }
            if (deep) {
                tally.detectedDeep++;
            } else {
                tally.detectedQuick++;
            }
            if (asText) {
                // "batch <id>: DAMAGED", then per chunk "  chunk N: <reason>" and "    affects: a, b".
                SortedMap<Integer, SortedSet<String>> said = new TreeMap<>();
                java.util.regex.Matcher m = java.util.regex.Pattern
                        .compile("(?m)^  chunk (\\d+): .*\\R    affects: (.*)$").matcher(run.out());
                while (m.find()) {
                    said.put(Integer.parseInt(m.group(1)), new TreeSet<>(m.group(2).isEmpty() ? List.of()
                            : List.of(m.group(2).split(", "))));
                }
                if (!run.out().startsWith("batch " + batch.id() + ": DAMAGED") || !said.equals(expected)) {
                    problems.add(kind + " verify (text) named " + said + ", expected " + expected + ": " + run.out());
                    exact = false;
                }
            } else {
                JsonNode report = run.json().get("batches").get(0);
                SortedMap<Integer, SortedSet<String>> said = reported(report);
                if (!report.get("batch_id").asText().equals(batch.id()) || !said.equals(expected)
                        || report.get("ok").asBoolean() || run.json().get("ok").asBoolean()) {
                    problems.add(kind + " verify --json named " + said + ", expected " + expected);
                    exact = false;
                }
            }
        }
        tally.namedExactly += exact ? 1 : 0;

        // Restore of the whole batch: every unaffected file byte-identical; no damaged byte under any name.
        Path dest = work.resolve("restored");
        EmulatedDiscord.Run down = dos("download", batch.id(), dest.toString(), "--json", "-q");
        int restoredUnaffected = 0;
        List<ManifestEntry> unaffectedFiles = new ArrayList<>();
        if (down.code() != ExitCode.PARTIAL && down.code() != ExitCode.INTEGRITY) {
            problems.add("download exit " + down.code() + ": " + down.all());
        } else {
            JsonNode result = down.json();
            String problemsSaid = result.get("problems").toString();
            Set<Integer> damagedSaid = new TreeSet<>();
            result.get("damaged_chunks").forEach(c -> damagedSaid.add(c.asInt()));
            if (damagedSaid.isEmpty() || !expected.keySet().containsAll(damagedSaid)) {
                problems.add("download named damaged chunks " + damagedSaid + ", expected some of " + expected.keySet());
            }
            if (down.code() == ExitCode.INTEGRITY && result.get("restored_entries").asInt() > 0) {
                problems.add("download exit 4 although it restored entries (6 expected)");
            }
            for (ManifestEntry entry : batch.entries()) {
                if (entry.type() != dev.dos.core.format.EntryType.FILE) {
                    continue;
                }
                Path copy = dest.resolve(entry.path());
                boolean identical = Files.isRegularFile(copy) && Files.mismatch(copy, batch.source(entry.path())) == -1;
                if (!affected.contains(entry.path())) {
                    tally.unaffectedFiles++;
                    unaffectedFiles.add(entry);
                    if (identical) {
                        restoredUnaffected++;
                        tally.unaffectedRestored++;
                    } else {
                        problems.add("unaffected " + entry.path() + " not restored byte-identical");
                    }
                } else {
                    tally.affectedFiles++;
                    boolean named = problemsSaid.contains(entry.path() + ": ");
                    if (identical || (named && !Files.exists(copy))) {
                        tally.affectedReportedOrIntact++;
                    } else {
                        problems.add("affected " + entry.path() + ": named " + named + ", exists " + Files.exists(copy)
                                + ", identical " + identical);
                    }
                }
            }
            try (Stream<Path> walk = Files.walk(dest)) {
                walk.filter(p -> p.getFileName().toString().startsWith(".dos-restore-"))
                        .forEach(p -> problems.add("temporary file left: " + p));
            }
        }

        // One unaffected file alone: exit 0, byte-identical.
        if (!unaffectedFiles.isEmpty()) {
            ManifestEntry one = unaffectedFiles.get(random.nextInt(unaffectedFiles.size()));
            Path single = work.resolve("single");
            EmulatedDiscord.Run alone = dos("download", batch.id(), single.toString(), "--file", one.path(), "-q");
            tally.singleRestores++;
            if (alone.code() == ExitCode.OK && Files.mismatch(single.resolve(one.path()), batch.source(one.path())) == -1) {
                tally.singleRestoresOk++;
            } else {
                problems.add("single file " + one.path() + ": exit " + alone.code() + " " + alone.all());
            }
        }
    }

    private Path attachment(ChunkRecord chunk) {
        return discord.emulator.admin().attachmentFile(chunk.remote().blobId());
    }

    private static void record(String id, String attack, long seed, Tally tally, String test) {
        Reliability.record(id, "damage", attack, tally.trials, tally.held, tally.outcome(seed),
                Reliability.mvnTest("app", "DamageDetectionTest#" + test));
    }

    @Test
    void anAlteredChunkIsNamedWithTheEntriesItHoldsAndEverythingElseRestores() throws Exception {
        long seed = new Random().nextLong();
        int chunkSize = 2048 + new Random(seed).nextInt(6144);
        Batch other = upload("other", new Random(seed - 1), chunkSize);
        Tally tally = chunkDamageTrials("altered", seed, Reliability.trials(2), chunkSize, (batch, random) -> {
            ChunkRecord victim = batch.chunks().get(random.nextInt(batch.chunks().size()));
            try {
                Path file = attachment(victim);
                // Another batch's chunk of the same size when there is one: only its content tells.
                List<ChunkRecord> sameSize = other.chunks().stream().filter(c -> c.size() == victim.size()).toList();
                if (sameSize.isEmpty() || random.nextBoolean()) {
                    byte[] bytes = Files.readAllBytes(file);
                    for (int n = 1 + random.nextInt(8); n > 0; n--) {
                        bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
                    }
                    Files.write(file, bytes);
                } else {
                    ChunkRecord swapped = sameSize.get(random.nextInt(sameSize.size()));
                    Files.write(file, Files.readAllBytes(attachment(swapped)));
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return Set.of(victim.index());
        });
        record("damage-altered-chunk", "random bytes of a random chunk's stored attachment flipped, or the"
                + " attachment replaced by a chunk of another batch", seed, tally,
                "anAlteredChunkIsNamedWithTheEntriesItHoldsAndEverythingElseRestores");
        assertThat(tally.failures).isEmpty();
        assertThat(tally.held).isEqualTo(tally.trials);
    }

    @Test
    void aDeletedChunkMessageIsNamedWithEveryChunkItCarriedAndTheirEntries() throws Exception {
        long seed = new Random().nextLong();
        Tally tally = chunkDamageTrials("deleted", seed, Reliability.trials(2), 0, (batch, random) -> {
            ChunkRecord victim = batch.chunks().get(random.nextInt(batch.chunks().size()));
            assertThat(discord.emulator.admin().deleteMessage(victim.remote().containerId(), victim.remote().postId()))
                    .isTrue();
            Set<Integer> gone = new TreeSet<>();
            // A message carries up to ten chunks: all of them are gone with it.
            batch.chunks().stream().filter(c -> c.remote().postId().equals(victim.remote().postId()))
                    .forEach(c -> gone.add(c.index()));
            return gone;
        });
        record("damage-deleted-chunk", "a random chunk's message deleted from its thread (with every chunk it"
                + " carried)", seed, tally, "aDeletedChunkMessageIsNamedWithEveryChunkItCarriedAndTheirEntries");
        assertThat(tally.failures).isEmpty();
        assertThat(tally.held).isEqualTo(tally.trials);
    }

    @Test
    void aDeletedThreadIsNamedWithEveryChunkInItAndNothingCorruptIsWritten() throws Exception {
        long seed = new Random().nextLong();
        Tally tally = chunkDamageTrials("thread", seed, Reliability.trials(2), 0, (batch, random) -> {
            String thread = batch.record().storageThreadId();
            assertThat(discord.emulator.admin().deleteChannel(thread)).isTrue();
            Set<Integer> gone = new TreeSet<>();
            // Chunks in lanes beside the thread (docs/FORMAT.md, section 13) survive it.
            batch.chunks().stream().filter(c -> c.remote().containerId().equals(thread)).forEach(c -> gone.add(c.index()));
            return gone;
        });
        record("damage-deleted-thread", "the batch's storage thread deleted", seed, tally,
                "aDeletedThreadIsNamedWithEveryChunkInItAndNothingCorruptIsWritten");
        assertThat(tally.failures).isEmpty();
        assertThat(tally.held).isEqualTo(tally.trials);
    }

    /**
     * The batch card (or the manifest attached to it) is what {@code sync --reset} rebuilds the index
     * from: verify must call its loss damage (exit 4) although every chunk is intact, and the files,
     * whose manifest the local index still has, restore in full.
     */
    @Test
    void aDeletedCardOrManifestFailsVerifyAndEveryFileStillRestores() throws Exception {
        long seed = new Random().nextLong();
        int trials = Reliability.trials(2);
        int held = 0;
        int detected = 0;
        int restored = 0;
        List<String> failures = new ArrayList<>();
        String index = discord.channel("index");
        for (int t = 0; t < trials; t++) {
            Random random = new Random(seed + t);
            Batch batch = upload("card" + t, random);
            boolean wholeCard = t % 2 == 0;
            String messageId = batch.record().indexMessageId();
            if (wholeCard) {
                assertThat(discord.emulator.admin().deleteMessage(index, messageId)).isTrue();
            } else {
                Files.delete(manifestAttachment(batch));
            }
            List<String> problems = new ArrayList<>();
            EmulatedDiscord.Run verify = dos("verify", batch.id(), "--json", "-q");
            JsonNode report = verify.code() == ExitCode.INTEGRITY ? verify.json().get("batches").get(0) : null;
            if (report != null && report.get("bad_chunks").isEmpty() && !report.get("card_problem").isNull()
                    && report.get("batch_id").asText().equals(batch.id())) {
                detected++;
            } else {
                problems.add("verify exit " + verify.code() + ": " + verify.all());
            }
            Path dest = home.resolve("card" + t).resolve("restored");
            EmulatedDiscord.Run down = dos("download", batch.id(), dest.toString(), "-q");
            if (down.code() == ExitCode.OK && SandboxHome.describe(dest.resolve("src"))
                    .equals(SandboxHome.describe(batch.src()))) {
                restored++;
            } else {
                problems.add("download exit " + down.code() + ": " + down.all());
            }
            if (problems.isEmpty()) {
                held++;
            } else {
                failures.add("trial " + t + " (seed " + (seed + t) + (wholeCard ? ", card" : ", manifest") + "): "
                        + problems);
            }
        }
        Reliability.record("damage-missing-manifest", "damage", "the batch card deleted from the index channel, or"
                        + " the manifest attached to it removed from storage", trials, held,
                String.format("%d/%d verify exit %d naming the batch card, no chunk blamed; %d/%d restored"
                        + " byte-identical from the local manifest (seed %d)", detected, trials, ExitCode.INTEGRITY,
                        restored, trials, seed),
                Reliability.mvnTest("app", "DamageDetectionTest#aDeletedCardOrManifestFailsVerifyAndEveryFileStillRestores"));
        assertThat(failures).isEmpty();
        assertThat(held).isEqualTo(trials);
    }

    /** The stored file of the attachment on the batch card: the encrypted manifest (read as any Discord client would). */
    private Path manifestAttachment(Batch batch) throws Exception {
        java.net.http.HttpResponse<String> card;
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            card = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(discord.emulator.baseUrl()
                            + "/channels/" + discord.channel("index") + "/messages/" + batch.record().indexMessageId()))
                    .header("Authorization", "Bot " + discord.token()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        }
        assertThat(card.statusCode()).as(card.body()).isEqualTo(200);
        JsonNode attachments = new com.fasterxml.jackson.databind.ObjectMapper().readTree(card.body()).get("attachments");
        assertThat(attachments.size()).as("the manifest attachment").isEqualTo(1);
        return discord.emulator.admin().attachmentFile(attachments.get(0).get("id").asText());
    }
}
