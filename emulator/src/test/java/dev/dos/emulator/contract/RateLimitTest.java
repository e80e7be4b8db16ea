package dev.dos.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
 * Per-route buckets keyed by route and major parameter, their headers and 429 bodies
 * (topics/rate-limits.md). Message create is lowered to 3 per second so nothing waits long.
 */
class RateLimitTest extends EmulatorContract {
    static final int LIMIT = 3;
    static final Duration WINDOW = Duration.ofSeconds(1);

    @Override
    protected EmulatorConfig.Builder configure(EmulatorConfig.Builder config) {
        return config.rateLimits(RateLimitConfig.builder()
                .messageCreate(RouteLimit.of(LIMIT, WINDOW))
                .globalPerSecond(1000)
                .build());
    }

    /** A frozen clock: the requests of a test fall into one window however slow the machine. */
    @org.junit.jupiter.api.BeforeEach
    void freezeTime() {
        clock.freeze();
    }

    private Reply post(String channelId, String content) {
        return discord.post("/channels/" + channelId + "/messages", Map.of("content", content));
    }

    @Test
    void everyResponseOfALimitedRouteCarriesTheBucketHeaders() {
        double before = Instant.now().toEpochMilli() / 1000.0;

        Reply reply = post(storage, "one").expect(200);

        assertThat(reply.header("X-RateLimit-Limit")).isEqualTo(String.valueOf(LIMIT));
        assertThat(reply.header("X-RateLimit-Remaining")).isEqualTo(String.valueOf(LIMIT - 1));
        double resetAfter = Double.parseDouble(reply.header("X-RateLimit-Reset-After"));
        assertThat(resetAfter).isGreaterThan(0).isLessThanOrEqualTo(WINDOW.toMillis() / 1000.0);
        double reset = Double.parseDouble(reply.header("X-RateLimit-Reset"));
        assertThat(reset).isBetween(before, before + WINDOW.toMillis() / 1000.0 + 1);
        assertThat(reply.header("X-RateLimit-Bucket")).isNotBlank();
    }

    @Test
    void remainingCountsDownToZeroAndTheNextRequestIs429() {
        for (int i = LIMIT - 1; i >= 0; i--) {
            assertThat(post(storage, "m" + i).expect(200).header("X-RateLimit-Remaining")).isEqualTo(String.valueOf(i));
        }

        Reply limited = post(storage, "one too many");

        limited.expect(429);
        JsonNode body = limited.json();
        assertThat(body.path("message").asText()).isEqualTo("You are being rate limited.");
        assertThat(body.path("retry_after").isNumber()).isTrue();
        assertThat(body.path("retry_after").asDouble()).isGreaterThan(0).isLessThanOrEqualTo(1.0);
        assertThat(body.path("global").isBoolean()).isTrue();
        assertThat(body.path("global").asBoolean()).isFalse();
        assertThat(Double.parseDouble(limited.header("Retry-After"))).isGreaterThan(0).isLessThanOrEqualTo(1.0);
        assertThat(limited.header("X-RateLimit-Scope")).isEqualTo("user");
        assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(limited.header("X-RateLimit-Limit")).isEqualTo(String.valueOf(LIMIT));
        assertThat(limited.header("X-RateLimit-Global")).isNull();
    }

    @Test
    void aRefusedRequestHasNoEffect() {
        for (int i = 0; i < LIMIT; i++) {
            post(storage, "m" + i).expect(200);
        }

        post(storage, "dropped").expect(429);

        assertThat(discord.get("/channels/" + storage + "/messages").expect(200).json()).hasSize(LIMIT);
    }

    @Test
    void anotherChannelHasItsOwnBucketOfTheSameName() {
        String bucket = null;
        for (int i = 0; i < LIMIT; i++) {
            bucket = post(storage, "m" + i).expect(200).header("X-RateLimit-Bucket");
        }
        post(storage, "limited").expect(429);

        Reply other = post(emulator.channelId("index"), "index is free").expect(200);

        assertThat(other.header("X-RateLimit-Remaining")).isEqualTo(String.valueOf(LIMIT - 1));
        // the bucket id is "non-inclusive of top-level resources in the path"
        assertThat(other.header("X-RateLimit-Bucket")).isEqualTo(bucket);
    }

    @Test
    void twoThreadsDoNotShareAMessageCreateBucket() {
        String a = createThread(storage, "a").path("id").asText();
        String b = createThread(storage, "b").path("id").asText();
        for (int i = 0; i < LIMIT; i++) {
            post(a, "a" + i).expect(200);
        }
        post(a, "limited").expect(429);

        for (int i = 0; i < LIMIT; i++) {
            post(b, "b" + i).expect(200);
        }
        post(b, "limited").expect(429);
        post(storage, "parent is separate too").expect(200);
    }

    @Test
    void theBucketRefillsOnceRetryAfterHasPassed() {
        for (int i = 0; i < LIMIT; i++) {
            post(storage, "m" + i).expect(200);
        }
        Reply limited = post(storage, "limited").expect(429);

        clock.advance(Duration.ofMillis((long) (limited.json().path("retry_after").asDouble() * 1000) + 1));

        Reply again = post(storage, "again").expect(200);
        assertThat(again.header("X-RateLimit-Remaining")).isEqualTo(String.valueOf(LIMIT - 1));
    }

    @Test
    void theBucketIsStillEmptyJustBeforeRetryAfter() {
        for (int i = 0; i < LIMIT; i++) {
            post(storage, "m" + i).expect(200);
        }
        Reply limited = post(storage, "limited").expect(429);

        clock.advance(Duration.ofMillis((long) (limited.json().path("retry_after").asDouble() * 1000) / 2));

        post(storage, "too early").expect(429);
    }

    @Test
    void aTimeScaleShortensEveryWindowSoTestsNeedNotWait() throws Exception {
        try (var fast = dev.dos.emulator.DiscordEmulator.start(quietConfig()
                .rateLimits(RateLimitConfig.builder().messageCreate(RouteLimit.of(1, Duration.ofSeconds(5)))
                        .timeScale(50).build()).clock(clock).build())) {
            RawDiscord client = RawDiscord.bot(fast.baseUrl(), fast.token());
            String path = "/channels/" + fast.channelId("storage") + "/messages";
            client.post(path, Map.of("content", "first")).expect(200);
            Reply limited = client.post(path, Map.of("content", "second")).expect(429);
            assertThat(limited.json().path("retry_after").asDouble()).isLessThanOrEqualTo(0.1);

            clock.advance(Duration.ofMillis(150)); // the 5 s window, 50 times faster, has passed

            client.post(path, Map.of("content", "third")).expect(200);
        }
    }

    @Test
    void differentRoutesHaveDifferentBuckets() {
        String create = post(storage, "m").expect(200).header("X-RateLimit-Bucket");
        String read = discord.get("/channels/" + storage + "/messages").expect(200).header("X-RateLimit-Bucket");

        assertThat(create).isNotBlank();
        assertThat(read).isNotBlank().isNotEqualTo(create);
    }

    @Test
    void otherRoutesAreNotLimitedByTheMessageCreateBucket() {
        for (int i = 0; i < LIMIT; i++) {
            post(storage, "m" + i).expect(200);
        }
        post(storage, "limited").expect(429);

        discord.get("/channels/" + storage + "/messages").expect(200);
        discord.get("/channels/" + storage).expect(200);
    }

    @Test
    void theRequestLogNamesTheBucketOfEachRequest() {
        post(storage, "x").expect(200);

        assertThat(emulator.admin().requests().get(0).bucket()).matches("[0-9a-f]{32}");
    }

    @Test
    void aRouteOverrideWins() throws Exception {
        try (var overridden = dev.dos.emulator.DiscordEmulator.start(quietConfig().rateLimits(RateLimitConfig.builder()
                .timeScale(10).route("GET /users/@me", RouteLimit.of(2, Duration.ofSeconds(30))).build())
                .clock(clock).build())) {
            RawDiscord client = RawDiscord.bot(overridden.baseUrl(), overridden.token());

            assertThat(client.get("/users/@me").expect(200).header("X-RateLimit-Limit")).isEqualTo("2");
            client.get("/users/@me").expect(200);
            client.get("/users/@me").expect(429);
        }
    }

    @Test
    void withLimitsOffTheHeadersNeverAskToWaitAndNothingIs429() throws Exception {
        try (var unlimited = dev.dos.emulator.DiscordEmulator.start(quietConfig().clock(clock).build())) {
            RawDiscord client = RawDiscord.bot(unlimited.baseUrl(), unlimited.token());
            String path = "/channels/" + unlimited.channelId("storage") + "/messages";
            for (int i = 0; i < 20; i++) {
                Reply r = client.post(path, Map.of("content", "m")).expect(200);
                // Discord always sends the bucket headers (its description names them for every route).
                assertThat(r.header("X-RateLimit-Limit")).isEqualTo(Integer.toString(Integer.MAX_VALUE));
                assertThat(Long.parseLong(r.header("X-RateLimit-Remaining"))).isEqualTo(Integer.MAX_VALUE - 1L - i);
                assertThat(r.header("X-RateLimit-Bucket")).isNotBlank();
            }
        }
    }
}
