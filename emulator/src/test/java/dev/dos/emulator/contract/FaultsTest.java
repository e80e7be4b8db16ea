package dev.dos.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.emulator.EmulatorConfig;
import dev.dos.testkit.RawDiscord;
import dev.dos.testkit.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import dev.dos.emulator.FaultConfig;

/** Fault injection: server errors, storms, resets, latency, bandwidth, corruption, replay. */
class FaultsTest extends EmulatorContract {
    @Override
    protected EmulatorConfig.Builder configure(EmulatorConfig.Builder config) {
        clock.freeze(); // stopped: only the test moves it
        return config;
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
        emulator.admin().startRateLimitStorm(Duration.ofSeconds(10));
        Reply r = discord.post("/channels/" + storage + "/messages", "{\"content\":\"x\"}");
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.json().get("message").asText()).isEqualTo("The resource is being rate limited.");
        assertThat(r.header("Retry-After")).isEqualTo("10");
        clock.advance(Duration.ofSeconds(10));
        assertThat(discord.post("/channels/" + storage + "/messages", "{\"content\":\"x\"}").status()).isEqualTo(200);
    }

    @Test
    void aResetMidRequestLeavesNothingStored() {
        emulator.admin().setFaults(FaultConfig.builder().resetMidRequest(1).build());
        assertThatThrownBy(() -> discord.post("/channels/" + storage + "/messages",
                filesForm("", new byte[256 * 1024]))).isInstanceOf(UncheckedIOException.class);
        emulator.admin().setFaults(FaultConfig.none());
        assertThat(discord.get("/channels/" + storage + "/messages").json()).isEmpty();
        assertThat(emulator.admin().requests()).anyMatch(rec -> rec.status() == 0);
    }

    @Test
    void aResetAfterCommitLosesTheAnswerButNotTheMessage() {
        emulator.admin().setFaults(FaultConfig.builder().resetAfterCommit(1).build());
        assertThatThrownBy(() -> discord.post("/channels/" + storage + "/messages", "{\"content\":\"stored\"}"))
                .isInstanceOf(UncheckedIOException.class);
        emulator.admin().setFaults(FaultConfig.none());
        assertThat(discord.get("/channels/" + storage + "/messages").json().get(0).get("content").asText())
                .isEqualTo("stored");
    }

    @Test
    void aDownloadCanBeCutPartWay() {
        String url = postFiles(storage, new byte[100_000]).at("/attachments/0/url").asText();
        emulator.admin().setFaults(FaultConfig.builder().resetMidDownload(1).build());
        assertThatThrownBy(() -> RawDiscord.fetch(url)).isInstanceOf(UncheckedIOException.class)
                .hasRootCauseInstanceOf(IOException.class);
        emulator.admin().setFaults(FaultConfig.none());
        assertThat(RawDiscord.fetch(url).body()).hasSize(100_000);
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
    void bandwidthIsCapped() {
        String url = postFiles(storage, new byte[50_000]).at("/attachments/0/url").asText();
        emulator.admin().setFaults(FaultConfig.builder().bandwidthBytesPerSecond(100_000).build());
        long start = System.nanoTime();
        assertThat(RawDiscord.fetch(url).body()).hasSize(50_000);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
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
    void latencyIsAdded() {
        emulator.admin().setFaults(FaultConfig.builder().latency(Duration.ofMillis(150)).build());
        long start = System.nanoTime();
        discord.get("/users/@me");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }

    @Test
    void theSameSeedReplaysTheSameFaults() {
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
