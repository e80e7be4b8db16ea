package dev.dos.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.emulator.EmulatorConfig;
import dev.dos.emulator.RateLimitConfig;
import dev.dos.emulator.RouteLimit;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import dev.dos.testkit.RawDiscord;
import dev.dos.testkit.Reply;

/** With Discord's defaults, message create allows about 5 per 5 seconds per channel (observed). */
class DiscordDefaultLimitsTest extends EmulatorContract {

    @Override
    protected EmulatorConfig.Builder configure(EmulatorConfig.Builder config) {
        // Discord's defaults, except that other routes do not get in the way of the global limit
        return config.rateLimits(RateLimitConfig.discordDefaults().toBuilder()
                .defaultRoute(RouteLimit.of(1000, Duration.ofSeconds(1)))
                .build());
    }

    @Test
    void theSixthMessageWithinFiveSecondsIs429() {
        for (int i = 0; i < 5; i++) {
            discord.post("/channels/" + storage + "/messages", Map.of("content", "m" + i)).expect(200);
        }

        Reply limited = discord.post("/channels/" + storage + "/messages", Map.of("content", "sixth"));

        limited.expect(429);
        assertThat(limited.json().path("retry_after").asDouble()).isGreaterThan(0).isLessThanOrEqualTo(5.0);
    }

    @Test
    void webhookExecutionAllowsAbout5Per2SecondsPerWebhook() {
        RawDiscord anonymous = discord.withAuthorization(null);
        String first = executeUrl("first");
        String second = executeUrl("second");
        for (int i = 0; i < 5; i++) {
            anonymous.post(first, Map.of("content", "m" + i)).expect(200);
        }

        Reply limited = anonymous.post(first, Map.of("content", "sixth"));

        limited.expect(429);
        assertThat(limited.json().path("retry_after").asDouble()).isGreaterThan(0).isLessThanOrEqualTo(2.0);
        anonymous.post(second, Map.of("content", "another webhook")).expect(200);
    }

    private String executeUrl(String name) {
        var hook = discord.post("/channels/" + storage + "/webhooks", Map.of("name", name)).expect(200).json();
        return "/webhooks/" + hook.path("id").asText() + "/" + hook.path("token").asText() + "?wait=true";
    }

    @Test
    void theDefaultGlobalLimitIs50PerSecond() {
        clock.freeze();
        int ok = 0;
        Reply reply = null;
        for (int i = 0; i < 60; i++) {
            reply = discord.get("/users/@me");
            if (reply.status() != 200) {
                break;
            }
            ok++;
        }

        assertThat(ok).as("requests within one second").isEqualTo(50);
        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.json().path("global").asBoolean()).isTrue();
    }

    @Test
    void everyRateLimitedResponseCarriesTheBucketHeaders() {
        clock.freeze();
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
        clock.freeze();
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
    void webhooksAllowFivePerTwoSeconds() {
        clock.freeze();
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
}
