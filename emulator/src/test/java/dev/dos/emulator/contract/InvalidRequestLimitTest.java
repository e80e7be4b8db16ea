package dev.dos.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.emulator.EmulatorConfig;
import dev.dos.emulator.RateLimitConfig;
import dev.dos.emulator.RouteLimit;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import dev.dos.testkit.RawDiscord;
import dev.dos.testkit.Reply;

/**
 * The invalid-request limit of topics/rate-limits.md: too many 401, 403 or 429 answers within
 * the window and the client is banned for a while, valid requests included. Lowered here to 5
 * invalid requests and a one-second ban (Discord: 10,000 per 10 minutes, about an hour).
 */
class InvalidRequestLimitTest extends EmulatorContract {
    static final int THRESHOLD = 5;
    static final Duration BAN = Duration.ofSeconds(1);

    @Override
    protected EmulatorConfig.Builder configure(EmulatorConfig.Builder config) {
        return config.rateLimits(RateLimitConfig.builder()
                .messageCreate(RouteLimit.of(1, Duration.ofSeconds(10)))
                .defaultRoute(RouteLimit.of(1000, Duration.ofSeconds(1)))
                .globalPerSecond(1000)
                .invalidRequestThreshold(THRESHOLD)
                .invalidRequestWindow(Duration.ofMinutes(10))
                .banDuration(BAN)
                .build());
    }

    @Test
    void crossingTheThresholdWithUnauthorizedRequestsBansEvenValidOnes() {
        RawDiscord impostor = discord.withAuthorization("Bot not-the-token");
        for (int i = 0; i < THRESHOLD; i++) {
            impostor.get("/users/@me").expect(401);
        }

        assertBanned(discord.get("/users/@me"));
    }

    @Test
    void theBanLiftsAfterItsDuration() {
        RawDiscord impostor = discord.withAuthorization("Bot not-the-token");
        for (int i = 0; i < THRESHOLD; i++) {
            impostor.get("/users/@me").expect(401);
        }
        assertBanned(discord.get("/users/@me"));

        clock.advance(BAN.plusMillis(1));

        discord.get("/users/@me").expect(200);
    }

    @Test
    void forbiddenAnswersCount() {
        emulator.admin().setChannelPermissions(storage, 0L);
        for (int i = 0; i < THRESHOLD; i++) {
            discord.get("/channels/" + storage).expect(403);
        }

        assertBanned(discord.get("/users/@me"));
    }

    @Test
    void rateLimitedAnswersCount() {
        discord.post("/channels/" + storage + "/messages", Map.of("content", "first")).expect(200);
        for (int i = 0; i < THRESHOLD; i++) {
            discord.post("/channels/" + storage + "/messages", Map.of("content", "again")).expect(429);
        }

        assertBanned(discord.get("/users/@me"));
    }

    @Test
    void fewerInvalidRequestsThanTheThresholdAreTolerated() {
        RawDiscord impostor = discord.withAuthorization("Bot not-the-token");
        for (int i = 0; i < THRESHOLD - 1; i++) {
            impostor.get("/users/@me").expect(401);
        }

        discord.get("/users/@me").expect(200);
    }

    @Test
    void notFoundAndBadRequestAnswersDoNotCount() {
        for (int i = 0; i < THRESHOLD * 2; i++) {
            discord.get("/channels/" + storage + "/messages/" + Snowflakes.at(Instant.now())).expect(404);
            discord.get("/channels/" + storage + "/messages?limit=0").expect(400);
        }

        discord.get("/users/@me").expect(200);
    }

    @Test
    void aBannedClientCanStillDownloadFromTheCdn() {
        String url = postFiles(storage, "x", new byte[] {7}).path("attachments").get(0).path("url").asText();
        RawDiscord impostor = discord.withAuthorization("Bot not-the-token");
        for (int i = 0; i < THRESHOLD; i++) {
            impostor.get("/users/@me").expect(401);
        }
        assertBanned(discord.get("/users/@me"));

        assertThat(RawDiscord.fetch(url).expect(200).body()).containsExactly(7);
    }

    @Test
    void answersDuringTheBanDoNotProlongIt() {
        clock.freeze();
        RawDiscord impostor = discord.withAuthorization("Bot not-the-token");
        for (int i = 0; i < THRESHOLD; i++) {
            impostor.get("/users/@me").expect(401);
        }
        assertBanned(discord.get("/users/@me"));
        assertThat(discord.get("/users/@me").header("X-RateLimit-Limit")).isNull();

        // the ban's own answers do not count: hammering during a ban does not prolong it
        for (int i = 0; i < 10; i++) {
            discord.get("/users/@me");
        }
        clock.advance(BAN.plusMillis(1));

        discord.get("/users/@me").expect(200);
    }

    @Test
    void theWindowSlides() {
        clock.freeze();
        RawDiscord impostor = discord.withAuthorization("Bot not-the-token");
        for (int i = 0; i < THRESHOLD - 1; i++) {
            impostor.get("/users/@me").expect(401);
        }

        clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        impostor.get("/users/@me").expect(401);

        discord.get("/users/@me").expect(200);
    }

    /**
     * The ban answer as observed (discord-api-docs issue #5810, see docs/EMULATOR.md): 429 with
     * code 0, no Retry-After and no bucket headers, whatever the request.
     */
    static void assertBanned(Reply reply) {
        reply.expect(429);
        assertThat(reply.json().path("code").asInt()).isZero();
        assertThat(reply.json().path("message").asText())
                .startsWith("You are being blocked from accessing our API temporarily");
        assertThat(reply.header("Retry-After")).isNull();
        assertThat(reply.header("X-RateLimit-Bucket")).isNull();
    }
}
