package dev.dos.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.emulator.EmulatorConfig;
import dev.dos.emulator.RateLimitConfig;
import dev.dos.emulator.RouteLimit;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import dev.dos.testkit.Reply;

/**
 * The global limit of topics/rate-limits.md ("All bots can make up to 50 requests per second"),
 * lowered here to 5 per second: it counts requests across all routes together.
 */
class GlobalLimitTest extends EmulatorContract {
    static final int GLOBAL_PER_SECOND = 5;

    @Override
    protected EmulatorConfig.Builder configure(EmulatorConfig.Builder config) {
        return config.rateLimits(RateLimitConfig.builder()
                .defaultRoute(RouteLimit.of(1000, Duration.ofSeconds(1)))
                .globalPerSecond(GLOBAL_PER_SECOND)
                .build());
    }

    @Test
    void theGlobalLimitCountsRequestsAcrossAllRoutes() {
        clock.freeze();
        String[] paths = {"/users/@me", "/users/@me/guilds", "/channels/" + storage,
            "/guilds/" + emulator.guildId(), "/channels/" + storage + "/messages"};
        for (String path : paths) {
            discord.get(path).expect(200);
        }

        Reply limited = discord.get("/channels/" + emulator.channelId("index"));

        limited.expect(429);
        JsonNode body = limited.json();
        assertThat(body.path("message").asText()).isEqualTo("You are being rate limited.");
        assertThat(body.path("global").asBoolean()).isTrue();
        assertThat(body.path("retry_after").asDouble()).isGreaterThan(0).isLessThanOrEqualTo(1.0);
        assertThat(limited.header("X-RateLimit-Global")).isEqualTo("true");
        assertThat(limited.header("X-RateLimit-Scope")).isEqualTo("global");
        assertThat(limited.header("Retry-After")).isNotBlank();
    }

    @Test
    void theGlobalLimitFreesUpOnceRetryAfterHasPassed() {
        clock.freeze();
        for (int i = 0; i < GLOBAL_PER_SECOND; i++) {
            discord.get("/users/@me").expect(200);
        }
        Reply limited = discord.get("/users/@me").expect(429);

        clock.advance(Duration.ofMillis((long) (limited.json().path("retry_after").asDouble() * 1000) + 1));

        discord.get("/users/@me").expect(200);
    }
}
