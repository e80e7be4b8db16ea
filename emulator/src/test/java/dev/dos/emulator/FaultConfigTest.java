package dev.dos.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FaultConfigTest {

    @Test
    void parsesTheCliForm() {
        FaultConfig f = FaultConfig.parse("seed=7, 500=0.01,502=0.02,503=0.03,storm=0.001,storm-duration=3s,"
                + "reset-request=0.1,reset-after-commit=0.2,reset-download=0.3,latency=20ms,jitter=1.5s,"
                + "bandwidth=2MiB,corrupt=0.05");
        assertThat(f.seed()).isEqualTo(7);
        assertThat(f.error500()).isEqualTo(0.01);
        assertThat(f.error502()).isEqualTo(0.02);
        assertThat(f.error503()).isEqualTo(0.03);
        assertThat(f.stormProbability()).isEqualTo(0.001);
        assertThat(f.stormDuration()).isEqualTo(Duration.ofSeconds(3));
        assertThat(f.resetMidRequest()).isEqualTo(0.1);
        assertThat(f.resetAfterCommit()).isEqualTo(0.2);
        assertThat(f.resetMidDownload()).isEqualTo(0.3);
        assertThat(f.latency()).isEqualTo(Duration.ofMillis(20));
        assertThat(f.latencyJitter()).isEqualTo(Duration.ofMillis(1500));
        assertThat(f.bandwidthBytesPerSecond()).isEqualTo(2 * 1024 * 1024);
        assertThat(f.corruptDownload()).isEqualTo(0.05);
        assertThat(FaultConfig.parse("")).isEqualTo(FaultConfig.none());
        assertThat(FaultConfig.parse("bandwidth=512KiB").bandwidthBytesPerSecond()).isEqualTo(512 * 1024);
        FaultConfig up = FaultConfig.parse("upload-bandwidth=64KiB");
        assertThat(up.uploadBandwidthBytesPerSecond()).isEqualTo(64 * 1024);
        assertThat(up.bandwidthBytesPerSecond()).isZero();
        assertThat(up.toBuilder().build()).isEqualTo(up);
        assertThat(f.uploadBandwidthBytesPerSecond()).isZero();
        assertThatThrownBy(() -> FaultConfig.builder().uploadBandwidthBytesPerSecond(-1).build())
                .hasMessageContaining("uploadBandwidthBytesPerSecond");
    }

    @Test
    void badSettingsAreNamed() {
        assertThatThrownBy(() -> FaultConfig.parse("500=2")).hasMessageContaining("error500");
        assertThatThrownBy(() -> FaultConfig.parse("speed=1")).hasMessageContaining("speed");
        assertThatThrownBy(() -> FaultConfig.parse("latency=20")).hasMessageContaining("latency");
        assertThatThrownBy(() -> FaultConfig.parse("500")).hasMessageContaining("key=value");
        assertThatThrownBy(() -> FaultConfig.parse("500=0.6,503=0.6")).hasMessageContaining("must not exceed 1");
    }


    @Test
    void configsRejectNonsense() {
        assertThatThrownBy(() -> EmulatorConfig.builder().premiumTier(4).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EmulatorConfig.builder().linkExpiry(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateLimitConfig.builder().timeScale(0).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RouteLimit.of(0, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(RateLimitConfig.discordDefaults().globalPerSecond()).isEqualTo(50);
        assertThat(RateLimitConfig.discordDefaults().invalidRequestThreshold()).isEqualTo(10_000);
        assertThat(RateLimitConfig.discordDefaults().invalidRequestWindow()).isEqualTo(Duration.ofMinutes(10));
        assertThat(RateLimitConfig.discordDefaults().messageCreate()).isEqualTo(RouteLimit.of(5, Duration.ofSeconds(5)));
        assertThat(RateLimitConfig.discordDefaults().webhookExecute()).isEqualTo(RouteLimit.of(5, Duration.ofSeconds(2)));
        assertThat(EmulatorConfig.defaults().uploadLimitBytes()).isEqualTo(10_485_760L);
        assertThat(EmulatorConfig.defaults().linkExpiry()).isEqualTo(Duration.ofHours(24));
    }
}
