package dev.dos.discord.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.core.remote.Ticker;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class GlobalLimiterTest {
    private static final Duration MARGIN = Duration.ofMillis(50);
    private final FakeTicker ticker = new FakeTicker();

    @Test
    void aSlotIsFreeOneWindowAfterItsRequestCompletedNotAfterItWasSent() throws Exception {
        GlobalLimiter limiter = new GlobalLimiter(2, MARGIN, ticker);
        int first = limiter.acquire();
        limiter.release(limiter.acquire());
        ticker.advance(Duration.ofMillis(700)); // the first request is slow to answer
        limiter.release(first);

        limiter.release(limiter.acquire());

        // sent at 0 but answered at 0.7 s: its slot is free at 1.75 s, not at 1.05 s
        assertThat(ticker.takeSlept()).isEqualTo(Duration.ofSeconds(1).plus(MARGIN));
    }

    @Test
    void noMoreRequestsAreInFlightThanTheLimit() throws Exception {
        GlobalLimiter limiter = new GlobalLimiter(2, MARGIN, Ticker.SYSTEM);
        int a = limiter.acquire();
        limiter.acquire();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Integer> third = threads.submit(limiter::acquire);
            Thread.sleep(100);
            assertThat(third).isNotDone();

            limiter.release(a);
            assertThat(third.get()).isEqualTo(0);
        }
    }

    @Test
    void aGlobal429HoldsEverySlot() throws Exception {
        GlobalLimiter limiter = new GlobalLimiter(50, MARGIN, ticker);
        limiter.block(Duration.ofMillis(800));

        limiter.release(limiter.acquire());

        assertThat(ticker.takeSlept()).isEqualTo(Duration.ofMillis(800));
    }
}
