package dev.dos.emulator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SnowflakeGeneratorTest {

    @Test
    void encodesTheTimeSinceDiscordsEpoch() {
        Instant t = Instant.parse("2024-05-01T12:00:00.123Z");
        long id = new SnowflakeGenerator(FakeClock.at(t)).next();
        assertThat((id >>> 22) + SnowflakeGenerator.DISCORD_EPOCH).isEqualTo(t.toEpochMilli());
        assertThat(SnowflakeGenerator.timestampOf(id)).isEqualTo(t);
        assertThat(SnowflakeGenerator.fromInstant(t)).isEqualTo((t.toEpochMilli() - 1_420_070_400_000L) << 22);
    }

    @Test
    void idsStrictlyIncreaseWithinAMillisecondAndWhenTheClockStepsBack() {
        FakeClock clock = FakeClock.at(Instant.parse("2025-01-01T00:00:00Z"));
        SnowflakeGenerator ids = new SnowflakeGenerator(clock);
        long a = ids.next();
        long b = ids.next();
        clock.advance(Duration.ofSeconds(-10));
        long c = ids.next();
        assertThat(b).isGreaterThan(a);
        assertThat(c).isGreaterThan(b);
        ids.observe(c + 1000);
        assertThat(ids.next()).isGreaterThan(c + 1000);
    }
}
