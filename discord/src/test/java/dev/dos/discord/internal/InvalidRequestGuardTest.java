package dev.dos.discord.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.Ticker;
import dev.dos.core.remote.Tickers;
import dev.dos.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InvalidRequestGuardTest {
    private final FakeClock clock = FakeClock.at(Instant.EPOCH);
    private final Ticker ticker = Tickers.of(clock);

    private static RateLimitInfo status(int status) {
        return new RateLimitInfo(status, null, 0, 0, Duration.ZERO, status == 429 ? Duration.ofSeconds(1) : null,
                false, status == 429 ? "user" : null);
    }

    @Test
    void oneUnauthorizedAnswerStopsEverything() {
        InvalidRequestGuard guard = new InvalidRequestGuard(10, 1000, ticker);
        guard.record(status(401));

        assertThatThrownBy(guard::check).isInstanceOf(RemoteException.Unauthorized.class)
                .hasMessageContaining("Discord rejected the bot token (401)");
        assertThatThrownBy(guard::check).isInstanceOf(RemoteException.Unauthorized.class);
    }

    @Test
    void aStreakOfForbiddenAnswersStopsButASuccessBreaksTheStreak() throws Exception {
        InvalidRequestGuard guard = new InvalidRequestGuard(3, 1000, ticker);
        guard.record(status(403));
        guard.record(status(403));
        guard.record(status(200));
        guard.record(status(403));
        guard.record(status(403));
        assertThatCode(guard::check).doesNotThrowAnyException();

        guard.record(status(403));

        assertThatThrownBy(guard::check).isInstanceOf(RemoteException.Forbidden.class)
                .hasMessageContaining("3 requests in a row");
    }

    @Test
    void theInvalidRequestBudgetCountsOnlyTheLastTenMinutes() throws Exception {
        InvalidRequestGuard guard = new InvalidRequestGuard(100, 3, ticker);
        guard.record(status(429));
        guard.record(status(429));
        clock.advance(Duration.ofMinutes(11));
        guard.record(status(429));
        guard.record(new RateLimitInfo(429, null, 0, 0, Duration.ZERO, Duration.ofSeconds(1), false, "shared"));
        guard.record(status(404));
        assertThatCode(guard::check).doesNotThrowAnyException();

        guard.record(status(403));
        guard.record(status(429));

        assertThatThrownBy(guard::check).isInstanceOf(RemoteException.Transient.class)
                .hasMessageContaining("3 invalid requests");
    }
}
