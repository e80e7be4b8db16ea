package dev.dos.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.testkit.RawDiscord;
import dev.dos.testkit.Reply;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import dev.dos.emulator.EmulatorConfig;
import dev.dos.emulator.RateLimitConfig;
import dev.dos.emulator.RequestRecord;
import dev.dos.emulator.RouteLimit;

/** Discord's rate limits, on the test's clock: buckets, headers, 429s, the global limit, bans. */
class RateLimitingTest {

    @Nested
    class WithDiscordsDefaults extends EmulatorContract {
        @Override
        protected EmulatorConfig.Builder configure(EmulatorConfig.Builder config) {
            clock.freeze(); // stopped: only the test moves it
            return config.rateLimits(RateLimitConfig.discordDefaults());
        }

        @Test
        void everyRateLimitedResponseCarriesTheBucketHeaders() {
            Reply r = discord.post("/channels/" + storage + "/messages", "{\"content\":\"1\"}");
            assertThat(r.header("X-RateLimit-Limit")).isEqualTo("5");
            assertThat(r.header("X-RateLimit-Remaining")).isEqualTo("4");
            assertThat(r.header("X-RateLimit-Reset-After")).isEqualTo("5.000");
            assertThat(Double.parseDouble(r.header("X-RateLimit-Reset")))
                    .isEqualTo((clock.millis() + 5000) / 1000.0, org.assertj.core.data.Offset.offset(0.0015));
            assertThat(r.header("X-RateLimit-Bucket")).matches("[0-9a-f]{32}");
            assertThat(discord.get("/users/@me").header("X-RateLimit-Bucket")).isNotNull();
        }

        @Test
        void theSixthMessageInFiveSecondsIs429WithDiscordsBodyAndHeaders() {
            for (int i = 0; i < 5; i++) {
                assertThat(discord.post("/channels/" + storage + "/messages", "{\"content\":\"m\"}").status()).isEqualTo(200);
            }
            clock.advance(Duration.ofMillis(1500));
            Reply limited = discord.post("/channels/" + storage + "/messages", "{\"content\":\"m\"}");
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.json()).isEqualTo(json("{\"code\":0,\"message\":\"You are being rate limited.\","
                    + "\"retry_after\":3.5,\"global\":false}"));
            assertThat(limited.header("Via")).isEqualTo("1.1 google");
            assertThat(limited.json().get("retry_after").isFloatingPointNumber()).isTrue();
            assertThat(limited.header("Retry-After")).isEqualTo("4");
            assertThat(limited.header("X-RateLimit-Scope")).isEqualTo("user");
            assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("0");
            assertThat(limited.header("X-RateLimit-Reset-After")).isEqualTo("3.500");
            assertThat(limited.header("X-RateLimit-Global")).isNull();
            assertThat(discord.get("/channels/" + storage + "/messages").json()).hasSize(5);

            clock.advance(Duration.ofMillis(3500));
            assertThat(discord.post("/channels/" + storage + "/messages", "{\"content\":\"m\"}").status()).isEqualTo(200);
        }

        @Test
        void eachThreadHasItsOwnMessageBucketWithTheSameBucketId() {
            String a = newThread(storage, "a");
            String b = newThread(storage, "b");
            String bucketA = null;
            for (int i = 0; i < 5; i++) {
                bucketA = discord.post("/channels/" + a + "/messages", "{\"content\":\"m\"}").header("X-RateLimit-Bucket");
            }
            assertThat(discord.post("/channels/" + a + "/messages", "{\"content\":\"m\"}").status()).isEqualTo(429);
            Reply inB = discord.post("/channels/" + b + "/messages", "{\"content\":\"m\"}");
            assertThat(inB.status()).isEqualTo(200);
            assertThat(inB.header("X-RateLimit-Remaining")).isEqualTo("4");
            assertThat(inB.header("X-RateLimit-Bucket")).isEqualTo(bucketA);
        }

        @Test
        void webhooksAllowFivePerTwoSeconds() {
            var hook = discord.post("/channels/" + storage + "/webhooks", "{\"name\":\"h\"}").json();
            String url = "/webhooks/" + hook.get("id").asText() + "/" + hook.get("token").asText();
            Reply first = discord.post(url, "{\"content\":\"w\"}");
            assertThat(first.header("X-RateLimit-Limit")).isEqualTo("5");
            assertThat(first.header("X-RateLimit-Reset-After")).isEqualTo("2.000");
            for (int i = 0; i < 4; i++) {
                discord.post(url, "{\"content\":\"w\"}");
            }
            assertThat(discord.post(url, "{\"content\":\"w\"}").status()).isEqualTo(429);
        }

        @Test
        void aRequestLogShowsNoOtherBucketWasTouched() {
            discord.postMessage(storage, "x");
            RequestRecord rec = emulator.admin().requests().get(0);
            assertThat(rec.bucket()).matches("[0-9a-f]{32}");
        }
    }

    @Nested
    class GlobalLimit extends EmulatorContract {
        @Override
        protected EmulatorConfig.Builder configure(EmulatorConfig.Builder config) {
            clock.freeze(); // stopped: only the test moves it
            return config.rateLimits(RateLimitConfig.builder().globalPerSecond(3)
                    .defaultRoute(RouteLimit.of(100, Duration.ofSeconds(1))).build());
        }

        @Test
        void theFourthRequestInASecondIsAGlobal429() {
            for (int i = 0; i < 3; i++) {
                assertThat(discord.get("/users/@me").status()).isEqualTo(200);
            }
            Reply r = discord.get("/guilds/" + emulator.guildId());
            assertThat(r.status()).isEqualTo(429);
            assertThat(r.json().get("global").asBoolean()).isTrue();
            assertThat(r.json().get("message").asText()).isEqualTo("You are being rate limited.");
            assertThat(r.header("X-RateLimit-Global")).isEqualTo("true");
            assertThat(r.header("X-RateLimit-Scope")).isEqualTo("global");
            assertThat(r.header("Retry-After")).isEqualTo("1");
            clock.advance(Duration.ofSeconds(1));
            assertThat(discord.get("/users/@me").status()).isEqualTo(200);
        }
    }

    @Nested
    class InvalidRequestBan extends EmulatorContract {
        @Override
        protected EmulatorConfig.Builder configure(EmulatorConfig.Builder config) {
            clock.freeze(); // stopped: only the test moves it
            return config.rateLimits(RateLimitConfig.builder().invalidRequestThreshold(4)
                    .defaultRoute(RouteLimit.of(100, Duration.ofSeconds(1))).globalPerSecond(100)
                    .banDuration(Duration.ofMinutes(1)).build());
        }

        @Test
        void tooMany401sBanEveryRequestUntilTheBanEnds() {
            RawDiscord impostor = RawDiscord.of(emulator).withToken("wrong");
            for (int i = 0; i < 4; i++) {
                assertThat(impostor.get("/users/@me").status()).isEqualTo(401);
            }
            Reply banned = discord.get("/users/@me");
            assertThat(banned.status()).isEqualTo(429);
            assertThat(banned.json().get("code").asInt()).isZero();
            assertThat(banned.json().get("message").asText()).startsWith("You are being blocked from accessing our API");
            assertThat(banned.header("X-RateLimit-Limit")).isNull();
            // The ban's own answers do not count: hammering during a ban does not prolong it.
            for (int i = 0; i < 10; i++) {
                discord.get("/users/@me");
            }
            clock.advance(Duration.ofMinutes(1));
            assertThat(discord.get("/users/@me").status()).isEqualTo(200);
        }

        @Test
        void notFoundAnswersDoNotCount() {
            for (int i = 0; i < 10; i++) {
                assertThat(discord.get("/channels/1").status()).isEqualTo(404);
            }
            assertThat(discord.get("/users/@me").status()).isEqualTo(200);
        }

        @Test
        void theWindowSlides() {
            RawDiscord impostor = RawDiscord.of(emulator).withToken("wrong");
            for (int i = 0; i < 3; i++) {
                impostor.get("/users/@me");
            }
            clock.advance(Duration.ofMinutes(10));
            impostor.get("/users/@me");
            assertThat(discord.get("/users/@me").status()).isEqualTo(200);
        }
    }

    @Nested
    class FasterClockAndOverrides extends EmulatorContract {
        @Override
        protected EmulatorConfig.Builder configure(EmulatorConfig.Builder config) {
            clock.freeze(); // stopped: only the test moves it
            return config.rateLimits(RateLimitConfig.builder().timeScale(10)
                    .route("GET /users/@me", RouteLimit.of(2, Duration.ofSeconds(30))).build());
        }

        @Test
        void timeScaleShortensEveryWindow() {
            Reply r = discord.post("/channels/" + storage + "/messages", "{\"content\":\"m\"}");
            assertThat(r.header("X-RateLimit-Reset-After")).isEqualTo("0.500");
        }

        @Test
        void aRouteOverrideWins() {
            Reply r = discord.get("/users/@me");
            assertThat(r.header("X-RateLimit-Limit")).isEqualTo("2");
            discord.get("/users/@me");
            assertThat(discord.get("/users/@me").status()).isEqualTo(429);
        }
    }

    @Nested
    class Disabled extends EmulatorContract {
        @Test
        void headersThatNeverAskToWaitAndNo429() {
            for (int i = 0; i < 20; i++) {
                Reply r = discord.post("/channels/" + storage + "/messages", "{\"content\":\"m\"}");
                assertThat(r.status()).isEqualTo(200);
                // Discord always sends the bucket headers (its description names them for every route).
                assertThat(r.header("X-RateLimit-Limit")).isEqualTo(Integer.toString(Integer.MAX_VALUE));
                assertThat(Long.parseLong(r.header("X-RateLimit-Remaining"))).isEqualTo(Integer.MAX_VALUE - 1L - i);
                assertThat(r.header("X-RateLimit-Bucket")).isNotBlank();
            }
        }
    }
}
