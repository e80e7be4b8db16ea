package dev.dos.discord.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.discord.RetrySettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delaysAreJitteredBelowAnExponentialCeilingThatIsCapped() {
        Backoff backoff = new Backoff(new RetrySettings(10, Duration.ofMillis(100), Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofSeconds(5)));
        Duration longestFirst = Duration.ZERO;
        for (int i = 0; i < 2000; i++) {
            Duration first = backoff.delay(1);
            longestFirst = first.compareTo(longestFirst) > 0 ? first : longestFirst;
            assertThat(first).isBetween(Duration.ZERO, Duration.ofMillis(100));
            assertThat(backoff.delay(3)).isBetween(Duration.ZERO, Duration.ofMillis(400));
            assertThat(backoff.delay(60)).isBetween(Duration.ZERO, Duration.ofSeconds(1));
        }
        assertThat(longestFirst).as("jitter spreads over the whole range").isGreaterThan(Duration.ofMillis(80));
    }
}
