package dev.dos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.core.testing.Reliability;
import dev.dos.emulator.FaultConfig;
import dev.dos.emulator.RateLimitConfig;
import dev.dos.emulator.RequestRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Network faults injected by the emulator (docs/RELIABILITY.md, "Faults"): under each, random
 * trees go through upload, download, deep verify, sync and delete via the real CLI; every
 * command completes, or fails with one clean line and completes when re-run ({@code dos resume}
 * for uploads). Each trial's fault seed derives from {@link FaultTrials#BASE_SEED}, printed in
 * every row ({@code -Ddos.faults.seed=N} replays a run; with more than one transfer the order of
 * requests, and so which request meets which fault, also depends on timing).
 */
@Tag(Reliability.TAG)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetworkFaultsTest {
    private static final String AREA = "faults";
    /** Peak invalid requests per ten minutes of each case run so far in this JVM. */
    private static final Map<String, Integer> PEAKS = new TreeMap<>();

    /** Homes of the two emulated servers the cases share (setting up a store costs seconds). */
    @TempDir
    static Path homes;
    private static final Map<String, EmulatedDiscord> SERVERS = new TreeMap<>();

    @TempDir
    Path tmp;

    /** A server with {@code rates}, its store set up on first use; faults off. */
    private static EmulatedDiscord server(String name, RateLimitConfig rates) throws Exception {
        EmulatedDiscord discord = SERVERS.get(name);
        if (discord == null) {
            discord = new EmulatedDiscord(homes.resolve(name), rates);
            SERVERS.put(name, discord);
            new FaultTrials(discord, homes).setUp();
        }
        return discord;
    }

    private static EmulatedDiscord unlimited() throws Exception {
        return server("unlimited", RateLimitConfig.disabled());
    }

    /** Discord's real rate limits, their windows five times faster. */
    private static EmulatedDiscord discordLimits() throws Exception {
        return server("limited", RateLimitConfig.discordDefaults().toBuilder().timeScale(5).build());
    }

    @AfterAll
    static void stopServers() {
        SERVERS.values().forEach(EmulatedDiscord::close);
        SERVERS.clear();
    }

    /** What a case ran and what the emulator saw. */
    record CaseRun(FaultTrials trials, List<RequestRecord> log, long millis) {
        int peak() {
            return FaultTrials.peakPerTenMinutes(log);
        }
    }

    private CaseRun run(int caseNo, EmulatedDiscord discord, FaultConfig faults, int fastTrials,
                        Consumer<FaultTrials> configure) throws Exception {
        return run(caseNo, discord, faults, fastTrials, configure, null, null);
    }

    /**
     * Runs a case's trials; every other trial over three transfers, and in every other trial (the
     * same ones) an outage, if given, mid-upload and during the first download attempt, so that
     * commands do fail and the re-runs have something to finish.
     */
    private CaseRun run(int caseNo, EmulatedDiscord discord, FaultConfig faults, int fastTrials,
                        Consumer<FaultTrials> configure, FaultConfig uploadOutage, FaultConfig downloadOutage)
            throws Exception {
        try {
            FaultTrials trials = new FaultTrials(discord, tmp.resolve("work"));
            if (configure != null) {
                configure.accept(trials);
            }
            discord.emulator.admin().clearRequests();
            long start = System.nanoTime();
            int n = Reliability.trials(fastTrials);
            for (int i = 0; i < n; i++) {
                boolean odd = i % 2 == 1;
                trials.uploadOutage = odd ? uploadOutage : null;
                trials.downloadOutage = odd ? downloadOutage : null;
                trials.trial(faults, FaultTrials.seed(caseNo, i), odd ? 3 : 1);
            }
            return new CaseRun(trials, discord.emulator.admin().requests(), (System.nanoTime() - start) / 1_000_000);
        } finally {
            discord.emulator.admin().setFaults(FaultConfig.none());
            discord.emulator.admin().setLinkExpiry(Duration.ofHours(24));
        }
    }

    private static void record(String id, String method, String attack, CaseRun run, String extra,
                               int extraHeldShortfall) {
        FaultTrials t = run.trials();
        PEAKS.put(id, run.peak());
        String outcome = t.summary() + "; emulator saw " + FaultTrials.faultSummary(run.log()) + "; peak "
                + run.peak() + " invalid requests (401/403/429) per 10 min" + (extra.isEmpty() ? "" : "; " + extra)
                + "; base seed " + FaultTrials.BASE_SEED;
        Reliability.record(id, AREA, attack, t.trials, Math.max(0, t.held - extraHeldShortfall), outcome,
                Reliability.mvnTest("app", "NetworkFaultsTest#" + method));
        assertThat(t.problems).as(outcome).isEmpty();
        assertThat(t.held).as(outcome).isEqualTo(t.trials);
        assertThat(extraHeldShortfall).as(outcome).isZero();
    }

    @Test
    @Order(1)
    void serverErrors() throws Exception {
        FaultConfig faults = FaultConfig.builder().error500(0.02).error502(0.015).error503(0.015).build();
        FaultConfig outage = FaultConfig.builder().error503(1).build();
        CaseRun run = run(1, unlimited(), faults, 2, null, outage, outage);
        record("faults-5xx", "serverErrors", "5% of API requests answered 500/502/503; in every other trial an outage"
                + " (every request 503) mid-upload and during the first download attempt", run, "", 0);
    }

    @Test
    @Order(2)
    void rateLimitStorms() throws Exception {
        FaultConfig faults = FaultConfig.builder().stormProbability(0.02).stormDuration(Duration.ofSeconds(1)).build();
        int[] adminStorms = {0};
        CaseRun run = run(2, discordLimits(), faults, 2, t -> t.duringUpload = (discord, from) -> {
            // a 2 s storm of 429s as soon as the first chunk post is through
            if (FaultTrials.awaitChunkPosts(discord, 1, from)) {
                discord.emulator.admin().startRateLimitStorm(Duration.ofSeconds(2));
                adminStorms[0]++;
            }
        });
        long limited = run.log().stream().filter(r -> r.status() == 429).count();
        record("faults-429-storm", "rateLimitStorms", "429 storms (2% of requests start a 1 s storm, plus a 2 s storm mid-upload)"
                        + " under Discord's rate limits (5x time scale)", run,
                adminStorms[0] + " storms started mid-upload", limited > 0 ? 0 : 1);
    }

    @Test
    @Order(3)
    void resetsMidUpload() throws Exception {
        FaultConfig faults = FaultConfig.builder().resetMidRequest(0.05).resetAfterCommit(0.05).build();
        FaultConfig lostAnswers = FaultConfig.builder().resetAfterCommit(1).build();
        CaseRun run = run(3, unlimited(), faults, 2, null, lostAnswers, null);
        record("faults-reset-upload", "resetsMidUpload", "connections reset mid-request (5%) and after the request was"
                + " carried out (5%: the answer is lost); in every other trial every answer is lost mid-upload until"
                + " the upload gives up", run, "", 0);
    }

    @Test
    @Order(4)
    void resetsAndCorruptionMidDownload() throws Exception {
        FaultConfig faults = FaultConfig.builder().resetMidDownload(0.2).corruptDownload(0.1).build();
        CaseRun run = run(4, unlimited(), faults, 2, null);
        long cdn = FaultTrials.count(run.log(), "GET /attachments/{channel.id}/{attachment.id}/{filename}");
        record("faults-reset-download", "resetsAndCorruptionMidDownload", "CDN downloads cut part-way (20%) or with one byte altered in transit (10%)",
                run, cdn + " CDN downloads", 0);
    }

    @Test
    @Order(5)
    void latencySpikes() throws Exception {
        FaultConfig faults = FaultConfig.builder().latency(Duration.ofMillis(5)).latencyJitter(Duration.ofMillis(100))
                .build();
        CaseRun run = run(5, unlimited(), faults, 2, t -> t.chunkSize = 4096);
        record("faults-latency", "latencySpikes", "5 ms latency plus up to 100 ms of jitter on every API and CDN request", run, "", 0);
    }

    @Test
    @Order(6)
    void bandwidthCaps() throws Exception {
        long down = 256 * 1024;
        long up = 128 * 1024;
        FaultConfig faults = FaultConfig.builder().bandwidthBytesPerSecond(down).uploadBandwidthBytesPerSecond(up)
                .build();
        CaseRun run = run(6, unlimited(), faults, 2, t -> t.chunkSize = 4096);
        long sent = run.log().stream().mapToLong(RequestRecord::requestBytes).sum();
        long received = run.log().stream().mapToLong(RequestRecord::responseBytes).sum();
        record("faults-bandwidth", "bandwidthCaps", "bandwidth capped at 256 KiB/s per CDN download and 128 KiB/s per upload request",
                run, sent / 1024 + " KiB sent and " + received / 1024 + " KiB received in " + run.millis() / 1000.0
                        + " s", 0);
    }

    @Test
    @Order(7)
    void linksExpiringMidDownload() throws Exception {
        // Links live for at most a second, downloads crawl at 16 KiB/s and are sometimes cut: later
        // chunks of a post, and every reconnect, meet expired links.
        FaultConfig faults = FaultConfig.builder().bandwidthBytesPerSecond(8 * 1024).resetMidDownload(0.1).build();
        CaseRun run = run(7, unlimited(), faults, 2, t -> {
            t.discord.emulator.admin().setLinkExpiry(Duration.ofSeconds(1));
            t.chunkSize = 2048;
            t.maxFileBytes = 8_000;
        });
        long refreshes = FaultTrials.count(run.log(), "POST /attachments/refresh-urls");
        long refused = run.log().stream().filter(r -> r.route().startsWith("GET /attachments/") && r.status() == 404)
                .count();
        record("faults-expired-links", "linksExpiringMidDownload", "CDN links expiring within 1 s, mid-download (8 KiB/s,"
                + " 10% cut)", run,
                refused + " downloads refused an expired link, " + refreshes + " refresh-urls calls",
                refreshes > 0 && refused > 0 ? 0 : 1);
    }

    @Test
    @Order(100)
    void everythingAtOnceAndTheInvalidRequestsItCauses() throws Exception {
        FaultConfig faults = FaultConfig.builder().error500(0.01).error502(0.01).error503(0.01)
                .stormProbability(0.005).stormDuration(Duration.ofSeconds(1)).resetMidRequest(0.02)
                .resetAfterCommit(0.02).resetMidDownload(0.05).corruptDownload(0.03).latency(Duration.ofMillis(2))
                .latencyJitter(Duration.ofMillis(40)).bandwidthBytesPerSecond(512 * 1024)
                .uploadBandwidthBytesPerSecond(512 * 1024).build();
        CaseRun run = run(100, discordLimits(), faults, 2, null);
        String attack = "all faults at once (3% 5xx, 429 storms, 2%+2% upload resets, 5% download cuts, 3% corrupt"
                + " downloads, jitter, 512 KiB/s caps) under Discord's rate limits (5x time scale)";
        PEAKS.put("faults-combined", run.peak());
        int peak = PEAKS.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        // Recorded before the combined row's assertions, so the ledger has it either way.
        Reliability.record("faults-invalid-requests", AREA, "invalid requests (401/403/429) during the fault storms"
                        + " of this class, against Discord's ban at 10,000 per 10 min", PEAKS.size(),
                (int) PEAKS.values().stream().filter(p -> p < 1000).count(),
                "peak " + peak + " invalid requests per 10 min (" + PEAKS + "); Discord bans at 10,000, the client's"
                        + " own budget stops it at 1,000",
                Reliability.mvnTest("app", "NetworkFaultsTest"));
        record("faults-combined", "everythingAtOnceAndTheInvalidRequestsItCauses", attack, run, "", 0);
        assertThat(peak).as("peak invalid requests per 10 min").isLessThan(1000);
    }
}
