package dev.dos.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.emulator.DiscordEmulator;
import dev.dos.emulator.FaultConfig;
import dev.dos.emulator.RateLimitConfig;
import dev.dos.emulator.RequestRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import dev.dos.testkit.RawDiscord;
import dev.dos.testkit.Reply;
import java.nio.file.Files;
import java.util.Random;

/** Seeded, replayable faults: what an unreliable network and a flaky Discord look like. */
class FaultInjectionTest extends EmulatorContract {

    @Test
    void withoutFaultsNothingFails() {
        for (int i = 0; i < 100; i++) {
            discord.get("/users/@me").expect(200);
        }
    }

    @Test
    void aServerErrorProbabilityOfOneFailsEveryApiRequestWithA5xx() {
        emulator.admin().setFaults(FaultConfig.builder().seed(1).error500(1.0).build());

        for (int i = 0; i < 10; i++) {
            Reply reply = discord.post("/channels/" + storage + "/messages", Map.of("content", "m" + i));
            assertThat(reply.status()).as(reply.describe()).isBetween(500, 599);
        }

        emulator.admin().setFaults(FaultConfig.none());
        assertThat(discord.get("/channels/" + storage + "/messages").expect(200).json()).isEmpty();
    }

    @Test
    void theSameSeedReplaysTheSameFaults() throws IOException {
        List<Integer> first = statusesWithHalfFailing(99);
        List<Integer> second = statusesWithHalfFailing(99);

        assertThat(first).isEqualTo(second);
        assertThat(first).contains(200);
        assertThat(first.stream().filter(s -> s >= 500).count()).isBetween(5L, 35L);
    }

    @Test
    void aDifferentSeedGivesADifferentSequence() throws IOException {
        assertThat(statusesWithHalfFailing(1)).isNotEqualTo(statusesWithHalfFailing(2));
    }

    private List<Integer> statusesWithHalfFailing(long seed) throws IOException {
        try (DiscordEmulator fresh = DiscordEmulator.start(quietConfig()
                .faults(FaultConfig.builder().seed(seed).error503(0.5).build()).build())) {
            RawDiscord client = RawDiscord.bot(fresh.baseUrl(), fresh.token());
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                statuses.add(client.get("/users/@me").status());
            }
            return statuses;
        }
    }

    @Test
    void aRateLimitStormAnswers429sShapedLikeDiscordsOwn() {
        emulator.admin().setFaults(FaultConfig.builder().seed(3).stormProbability(1.0).build());

        Reply reply = discord.post("/channels/" + storage + "/messages", Map.of("content", "storm"));

        reply.expect(429);
        JsonNode body = reply.json();
        assertThat(body.path("message").asText()).isNotBlank();
        assertThat(body.path("retry_after").isNumber()).isTrue();
        assertThat(body.path("global").isBoolean()).isTrue();
        assertThat(reply.header("Retry-After")).isNotBlank();
        assertThat(reply.header("X-RateLimit-Scope")).isIn("user", "global", "shared");
    }

    @Test
    void stormRateLimitsAreSharedScopeAndNotHeldAgainstTheClient() throws IOException {
        // rate-limits.md: "429 errors returned with X-RateLimit-Scope: shared are not counted against you"
        try (DiscordEmulator strict = DiscordEmulator.start(quietConfig()
                .rateLimits(RateLimitConfig.builder().invalidRequestThreshold(3).build())
                .faults(FaultConfig.builder().seed(3).stormProbability(1.0).build()).build())) {
            RawDiscord client = RawDiscord.bot(strict.baseUrl(), strict.token());
            for (int i = 0; i < 10; i++) {
                Reply storm = client.get("/users/@me").expect(429);
                assertThat(storm.header("X-RateLimit-Scope")).isEqualTo("shared");
            }

            strict.admin().setFaults(FaultConfig.none());

            client.get("/users/@me").expect(200);
        }
    }

    @Test
    void anAdminStormLastsItsDurationAndThenClears() {
        emulator.admin().startRateLimitStorm(Duration.ofSeconds(10));

        Reply storm = discord.get("/users/@me").expect(429);
        assertThat(storm.header("X-RateLimit-Scope")).isEqualTo("shared");
        assertThat(storm.json().path("retry_after").asDouble()).isGreaterThan(9).isLessThanOrEqualTo(10);

        clock.advance(Duration.ofSeconds(11));

        discord.get("/users/@me").expect(200);
    }

    @Test
    void everyServerErrorKindCanBeInjected() {
        emulator.admin().setFaults(FaultConfig.builder().seed(1).error502(1.0).build());
        assertThat(discord.get("/users/@me").status()).isEqualTo(502);

        emulator.admin().setFaults(FaultConfig.builder().seed(1).error503(1.0).build());
        assertThat(discord.get("/users/@me").status()).isEqualTo(503);
    }

    @Test
    void aResetAfterCommitCarriesTheRequestOutButLosesTheAnswer() {
        emulator.admin().setFaults(FaultConfig.builder().seed(4).resetAfterCommit(1.0).build());

        Throwable failure = catchThrowable(() -> discord.post("/channels/" + storage + "/messages",
                Map.of("content", "did it land?")));

        assertThat(failure).isInstanceOf(UncheckedIOException.class);
        assertThat(emulator.admin().requests()).last().satisfies(r -> {
            assertThat(r.route()).isEqualTo("POST /channels/{channel.id}/messages");
            assertThat(r.status()).isZero();
        });
        emulator.admin().setFaults(FaultConfig.none());
        JsonNode list = discord.get("/channels/" + storage + "/messages").expect(200).json();
        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("content").asText()).isEqualTo("did it land?");
    }

    @Test
    void aResetRequestIsLoggedWithStatusZeroAndDoesNothing() {
        emulator.admin().setFaults(FaultConfig.builder().seed(4).resetMidRequest(1.0).build());
        emulator.admin().clearRequests();

        catchThrowable(() -> discord.post("/channels/" + storage + "/messages", filesForm("x", new byte[100_000])));

        // recorded before the reset leaves, so a client that saw the reset finds it at once
        List<RequestRecord> log = emulator.admin().requests();
        assertThat(log).hasSize(1);
        assertThat(log.get(0).status()).isZero();
        emulator.admin().setFaults(FaultConfig.none());
        assertThat(discord.get("/channels/" + storage + "/messages").expect(200).json()).isEmpty();
    }

    @Test
    void aConnectionResetMidRequestSurfacesAsAnIoError() {
        emulator.admin().setFaults(FaultConfig.builder().seed(4).resetMidRequest(1.0).build());

        Throwable failure = catchThrowable(() -> discord.post("/channels/" + storage + "/messages",
                filesForm("big", randomBytes(2_000_000, 1))));

        assertThat(failure).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void aConnectionResetMidDownloadTruncatesTheBody() {
        byte[] bytes = randomBytes(2_000_000, 2);
        String url = postFiles(storage, "big", bytes).path("attachments").get(0).path("url").asText();
        emulator.admin().setFaults(FaultConfig.builder().seed(5).resetMidDownload(1.0).build());

        Reply reply = null;
        Throwable failure = null;
        try {
            reply = RawDiscord.fetchOrThrow(url);
        } catch (IOException e) {
            failure = e;
        }

        if (failure == null) {
            assertThat(reply.body().length).as("a reset download must not deliver every byte").isLessThan(bytes.length);
        } else {
            assertThat(failure).isInstanceOf(IOException.class);
        }
    }

    @Test
    void latencyDelaysEveryAnswer() {
        emulator.admin().setFaults(FaultConfig.builder().seed(6).latency(Duration.ofMillis(300)).build());

        long start = System.nanoTime();
        discord.get("/users/@me").expect(200);

        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(290);
    }

    @Test
    void latencyDelaysCdnDownloadsToo() {
        String url = postFiles(storage, "slow", new byte[10]).path("attachments").get(0).path("url").asText();
        emulator.admin().setFaults(FaultConfig.builder().seed(6).latency(Duration.ofMillis(300)).build());

        long start = System.nanoTime();
        RawDiscord.fetch(url).expect(200);

        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(290);
    }

    @Test
    void aBandwidthCapSlowsDownloads() {
        byte[] bytes = randomBytes(512 * 1024, 7);
        String url = postFiles(storage, "capped", bytes).path("attachments").get(0).path("url").asText();
        emulator.admin().setFaults(FaultConfig.builder().seed(7).bandwidthBytesPerSecond(1024 * 1024).build());

        long start = System.nanoTime();
        byte[] downloaded = RawDiscord.fetch(url).expect(200).body();
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(downloaded).isEqualTo(bytes);
        assertThat(elapsedMs).isGreaterThanOrEqualTo(400);
    }

    @Test
    void corruptionChangesDownloadedBytesButNotTheirCount() {
        byte[] bytes = randomBytes(64 * 1024, 8);
        JsonNode a = postFiles(storage, "to rot", bytes).path("attachments").get(0);
        emulator.admin().setFaults(FaultConfig.builder().seed(8).corruptDownload(1.0).build());

        byte[] downloaded = RawDiscord.fetch(a.path("url").asText()).expect(200).body();

        assertThat(downloaded).hasSameSizeAs(bytes).isNotEqualTo(bytes);
        assertThat(a.path("size").asLong()).isEqualTo(bytes.length);
    }

    @Test
    void corruptionDoesNotTouchTheStoredFile() throws IOException {
        byte[] bytes = randomBytes(4096, 9);
        JsonNode a = postFiles(storage, "safe on disk", bytes).path("attachments").get(0);
        emulator.admin().setFaults(FaultConfig.builder().seed(9).corruptDownload(1.0).build());
        RawDiscord.fetch(a.path("url").asText()).expect(200);

        emulator.admin().setFaults(FaultConfig.none());

        assertThat(RawDiscord.fetch(a.path("url").asText()).expect(200).body()).isEqualTo(bytes);
        assertThat(java.nio.file.Files.readAllBytes(emulator.admin().attachmentFile(a.path("id").asText())))
                .isEqualTo(bytes);
    }

    @Test
    void aMessageDeletedBehindTheClientsBackIsUnknownAndItsFilesAreGone() {
        JsonNode m = postFiles(storage, "vanishing", new byte[] {1, 2});
        String id = m.path("id").asText();

        emulator.admin().deleteMessage(storage, id);

        MessagesTest.assertError(discord.get("/channels/" + storage + "/messages/" + id), 404, 10008);
        assertThat(MessagesTest.idsOf(discord.get("/channels/" + storage + "/messages").expect(200).json()))
                .doesNotContain(id);
        AttachmentsCdnTest.assertRefusedByCdn(RawDiscord.fetch(m.path("attachments").get(0).path("url").asText()));
    }

    @Test
    void serverErrorsLookLikeDiscordsAndDoNothing() {
        emulator.admin().setFaults(FaultConfig.builder().error500(1).build());
        Reply r500 = discord.post("/channels/" + storage + "/messages", "{\"content\":\"x\"}");
        assertThat(r500.status()).isEqualTo(500);
        assertThat(r500.json()).isEqualTo(json("{\"message\":\"500: Internal Server Error\",\"code\":0}"));
        emulator.admin().setFaults(FaultConfig.builder().error502(1).build());
        Reply r502 = discord.get("/users/@me");
        assertThat(r502.status()).isEqualTo(502);
        assertThat(r502.header("Content-Type")).startsWith("text/html");
        emulator.admin().setFaults(FaultConfig.builder().error503(1).build());
        assertThat(discord.get("/users/@me").status()).isEqualTo(503);
        emulator.admin().setFaults(FaultConfig.none());
        assertThat(discord.get("/channels/" + storage + "/messages").json()).isEmpty();
    }

    @Test
    void aStormAnswers429OfSharedScopeUntilItEnds() {
        clock.freeze();
        emulator.admin().setFaults(FaultConfig.builder().stormProbability(1).stormDuration(Duration.ofSeconds(2))
                .build());
        Reply r = discord.get("/users/@me");
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.header("X-RateLimit-Scope")).isEqualTo("shared");
        assertThat(r.json().get("retry_after").asDouble()).isEqualTo(2.0);
        assertThat(r.json().get("global").asBoolean()).isFalse();
        emulator.admin().setFaults(FaultConfig.builder().stormProbability(0.0).build());
        assertThat(discord.get("/users/@me").status()).isEqualTo(200);
    }

    @Test
    void anAdminStartedStormLastsItsDurationOnTheEmulatorClock() {
        clock.freeze();
        emulator.admin().startRateLimitStorm(Duration.ofSeconds(10));
        Reply r = discord.post("/channels/" + storage + "/messages", "{\"content\":\"x\"}");
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.json().get("message").asText()).isEqualTo("The resource is being rate limited.");
        assertThat(r.header("Retry-After")).isEqualTo("10");
        clock.advance(Duration.ofSeconds(10));
        assertThat(discord.post("/channels/" + storage + "/messages", "{\"content\":\"x\"}").status()).isEqualTo(200);
    }

    @Test
    void aCorruptedDownloadDiffersInOneByteWhileTheFileStaysIntact() throws Exception {
        byte[] original = new byte[4096];
        new Random(3).nextBytes(original);
        JsonNode a = postFiles(storage, original).at("/attachments/0");
        emulator.admin().setFaults(FaultConfig.builder().corruptDownload(1).build());
        byte[] served = RawDiscord.fetch(a.get("url").asText()).body();
        int differing = 0;
        for (int i = 0; i < original.length; i++) {
            differing += original[i] != served[i] ? 1 : 0;
        }
        assertThat(differing).isEqualTo(1);
        assertThat(Files.readAllBytes(emulator.admin().attachmentFile(a.get("id").asText()))).isEqualTo(original);
    }

    @Test
    void uploadBandwidthIsCappedAndTheBytesArriveIntact() throws Exception {
        byte[] original = new byte[50_000];
        new Random(5).nextBytes(original);
        emulator.admin().setFaults(FaultConfig.builder().uploadBandwidthBytesPerSecond(100_000).build());
        long start = System.nanoTime();
        JsonNode posted = postFiles(storage, original).at("/attachments/0");
        // 50 KB of file plus the multipart framing, read at 100 KB/s: surely not under 450 ms
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
        assertThat(Files.readAllBytes(emulator.admin().attachmentFile(posted.get("id").asText()))).isEqualTo(original);
        assertThat(emulator.admin().requests().getLast().requestBytes()).isGreaterThan(50_000);
        // downloads are not capped by it
        assertThat(RawDiscord.fetch(posted.get("url").asText()).body()).isEqualTo(original);
    }

    @Test
    void settingTheSameSeedAgainReplaysTheSameFaults() {
        FaultConfig flaky = FaultConfig.builder().seed(99).error500(0.3).error503(0.2).build();
        emulator.admin().setFaults(flaky);
        List<Integer> first = statuses(30);
        emulator.admin().setFaults(flaky);
        List<Integer> second = statuses(30);
        assertThat(second).isEqualTo(first);
        assertThat(first).contains(200, 500, 503);
        emulator.admin().setFaults(flaky.toBuilder().seed(100).build());
        assertThat(statuses(30)).isNotEqualTo(first);
    }

    private List<Integer> statuses(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(discord.get("/users/@me").status());
        }
        return out;
    }
}
