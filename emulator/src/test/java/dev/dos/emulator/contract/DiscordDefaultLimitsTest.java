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
}
