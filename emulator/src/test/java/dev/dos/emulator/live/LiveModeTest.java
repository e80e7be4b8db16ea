package dev.dos.emulator.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Live mode's own parts that need no network: the variables, bucket keys and pacing decisions. */
class LiveModeTest {
    private static final Map<String, String> REQUIRED = Map.of(
            LiveSettings.TOKEN, "MTIz.abc.def", LiveSettings.GUILD, "111111111111111111",
            LiveSettings.CHANNEL, "222222222222222222");

    @Test
    void withoutTheThreeRequiredVariablesThereAreNoSettings() {
        assertThat(LiveSettings.from(Map.of())).isEmpty();
        assertThat(LiveSettings.from(Map.of(LiveSettings.TOKEN, "x", LiveSettings.GUILD, "1"))).isEmpty();
        assertThat(LiveSettings.from(Map.of(LiveSettings.TOKEN, " ", LiveSettings.GUILD, "1",
                LiveSettings.CHANNEL, "2"))).isEmpty();
    }

    @Test
    void indexAndBackupDefaultToTheChannelAndTheApiToDiscords() {
        LiveSettings settings = LiveSettings.from(REQUIRED).orElseThrow();

        assertThat(settings.indexChannelId()).isEqualTo("222222222222222222");
        assertThat(settings.backupChannelId()).isEqualTo("222222222222222222");
        assertThat(settings.apiBase()).isEqualTo("https://discord.com/api/v10");
        assertThat(settings.cdnBase()).isEqualTo("https://cdn.discordapp.com");
        assertThat(settings.threeDistinctChannels()).isFalse();
        assertThat(settings.channels()).containsExactly("222222222222222222");
    }

    @Test
    void aStandaloneEmulatorServesItsOwnCdn() {
        Map<String, String> env = new java.util.HashMap<>(REQUIRED);
        env.put(LiveSettings.API, "http://127.0.0.1:8765/api/v10");
        env.put(LiveSettings.INDEX_CHANNEL, "333333333333333333");
        env.put(LiveSettings.BACKUP_CHANNEL, "444444444444444444");

        LiveSettings settings = LiveSettings.from(env).orElseThrow();

        assertThat(settings.cdnBase()).isEqualTo("http://127.0.0.1:8765");
        assertThat(settings.threeDistinctChannels()).isTrue();
    }

    @Test
    void aMalformedVariableIsNamedButTheTokenNeverShown() {
        Map<String, String> env = new java.util.HashMap<>(REQUIRED);
        env.put(LiveSettings.GUILD, "my server");
        assertThatThrownBy(() -> LiveSettings.from(env)).hasMessageContaining(LiveSettings.GUILD);

        env.put(LiveSettings.GUILD, "111111111111111111");
        env.put(LiveSettings.TOKEN, "has spaces in it");
        assertThatThrownBy(() -> LiveSettings.from(env)).hasMessageContaining(LiveSettings.TOKEN)
                .hasMessageNotContaining("spaces");
        assertThat(LiveSettings.from(REQUIRED).orElseThrow().toString()).doesNotContain("MTIz");
    }

    @Test
    void bucketKeysKeepTheMajorParameterAndTemplateOtherIds() {
        assertThat(LivePacer.routeKey("GET", "/channels/123/messages/456?limit=5"))
                .isEqualTo("GET/channels/123/messages/{id}");
        assertThat(LivePacer.routeKey("POST", "/channels/123/messages")).isEqualTo("POST/channels/123/messages");
        assertThat(LivePacer.routeKey("GET", "/guilds/9/threads/active")).isEqualTo("GET/guilds/9/threads/active");
        assertThat(LivePacer.routeKey("POST", "/webhooks/7/tok3n?wait=true")).isEqualTo("POST/webhooks/7/tok3n");
        assertThat(LivePacer.routeKey("PUT", "/channels/1/permissions/2")).isEqualTo("PUT/channels/1/permissions/{id}");
        assertThat(LivePacer.routeKey("GET", "/users/@me")).isEqualTo("GET/users/@me");
    }

    @Test
    void anExhaustedBucketMakesTheNextRequestWaitForItsReset() throws Exception {
        LivePacer pacer = new LivePacer();
        pacer.observe("POST", "/channels/1/messages", 200, headers(Map.of(
                "X-RateLimit-Remaining", "0", "X-RateLimit-Reset-After", "0.3")), new byte[0]);

        long start = System.nanoTime();
        pacer.awaitTurn("POST", "/channels/2/messages"); // another channel: its own bucket
        long other = System.nanoTime() - start;
        pacer.awaitTurn("POST", "/channels/1/messages");
        long same = System.nanoTime() - start;

        assertThat(Duration.ofNanos(other)).isLessThan(Duration.ofMillis(200));
        assertThat(Duration.ofNanos(same)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void a429IsWaitedOutAndSentAgainButABanIsTheAnswer() {
        LivePacer pacer = new LivePacer();

        assertThat(pacer.observe("GET", "/users/@me", 429, headers(Map.of()),
                "{\"message\": \"You are being rate limited.\", \"retry_after\": 0.25, \"global\": false}"
                        .getBytes(StandardCharsets.UTF_8)))
                .hasValueSatisfying(wait -> assertThat(wait).isGreaterThanOrEqualTo(Duration.ofMillis(250)));
        assertThat(pacer.observe("GET", "/users/@me", 429, headers(Map.of()),
                "{\"message\": \"You are being blocked from accessing our API temporarily\", \"code\": 0}"
                        .getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(pacer.observe("GET", "/users/@me", 200, headers(Map.of()), new byte[0])).isEmpty();
    }

    private static HttpHeaders headers(Map<String, String> values) {
        Map<String, List<String>> multi = new java.util.HashMap<>();
        values.forEach((k, v) -> multi.put(k, List.of(v)));
        return HttpHeaders.of(multi, (k, v) -> true);
    }
}
