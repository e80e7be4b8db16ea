package dev.dos.core.remote;

import dev.dos.testkit.FakeClock;
import java.time.Duration;

/** The test kit's {@link FakeClock} as a {@link Ticker}: reads its nanos, and sleeping moves it. */
public final class Tickers {
    private Tickers() {
    }

    public static Ticker of(FakeClock clock) {
        return new Ticker() {
            @Override
            public long nanos() {
                return clock.nanos();
            }

            @Override
            public void sleep(Duration duration) {
                clock.sleep(duration);
            }
        };
    }
}
