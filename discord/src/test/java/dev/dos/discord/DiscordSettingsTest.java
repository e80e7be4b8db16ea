package dev.dos.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DiscordSettingsTest {

    private static DiscordSettings.Builder valid() {
        return DiscordSettings.builder().token("MTIz.abc-def_ghi").guildId("100").channels("1", "2", "3");
    }

    @Test
    void validSettingsTakeDiscordsDefaults() {
        DiscordSettings settings = valid().build();

        assertThat(settings.baseUrl()).hasToString("https://discord.com/api/v10");
        assertThat(settings.retry()).isEqualTo(RetrySettings.DEFAULTS);
        assertThat(settings.rate().globalPerSecond()).isEqualTo(50);
    }

    @Test
    void toStringHidesTheToken() {
        assertThat(valid().build().toString()).doesNotContain("MTIz.abc-def_ghi").contains("<hidden>");
    }

    @Test
    void badValuesAreRejectedNamingTheField() {
        assertThatThrownBy(() -> valid().token("").build()).hasMessageContaining("token");
        assertThatThrownBy(() -> valid().token("has space").build()).hasMessageContaining("token");
        assertThatThrownBy(() -> valid().token("line\nbreak").build()).hasMessageContaining("token");
        assertThatThrownBy(() -> valid().guildId("guild").build()).hasMessageContaining("guildId");
        assertThatThrownBy(() -> valid().channels("1", "1", "3").build()).hasMessageContaining("different");
        assertThatThrownBy(() -> valid().channels("1", "x", "3").build()).hasMessageContaining("indexChannelId");
        assertThatThrownBy(() -> valid().baseUrl("ftp://discord.com/api").build()).hasMessageContaining("baseUrl");
        assertThatThrownBy(() -> valid().baseUrl("https://discord.com/api/v10/").build()).hasMessageContaining("baseUrl");
        assertThatThrownBy(() -> valid().baseUrl("https://discord.com/api?x=1").build()).hasMessageContaining("baseUrl");
    }

    @Test
    void retryAndRateSettingsRejectUnsafeValues() {
        assertThatThrownBy(() -> new RateSettings(51, 10, 1000)).hasMessageContaining("globalPerSecond");
        assertThatThrownBy(() -> new RateSettings(50, 0, 1000)).hasMessageContaining("forbiddenStreakLimit");
        assertThatThrownBy(() -> new RateSettings(50, 10, 9000)).hasMessageContaining("invalidRequestBudget");
        assertThatThrownBy(() -> new RetrySettings(0, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1))).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> new RetrySettings(3, Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1))).hasMessageContaining("maxBackoff");
        assertThatThrownBy(() -> new RetrySettings(3, Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1))).hasMessageContaining("initialBackoff");
    }
}
