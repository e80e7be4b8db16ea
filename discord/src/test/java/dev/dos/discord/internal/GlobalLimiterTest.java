package dev.dos.discord.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.core.remote.Ticker;
import dev.dos.core.remote.Tickers;
import dev.dos.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GlobalLimiterTest {
    private static final Duration MARGIN = Duration.ofMillis(50);
    private final FakeClock clock = FakeClock.at(Instant.EPOCH);
    private final Ticker ticker = Tickers.of(clock);

    @Test
    void aSlotIsFreeOneWindowAfterItsRequestCompletedNotAfterItWasSent() throws Exception {
        GlobalLimiter limiter = new GlobalLimiter(2, MARGIN, ticker);
        int first = limiter.acquire();
        limiter.release(limiter.acquire());
        clock.advance(Duration.ofMillis(700)); // the first request is slow to answer
        limiter.release(first);

        limiter.release(limiter.acquire());

        // sent at 0 but answered at 0.7 s: its slot is free at 1.75 s, not at 1.05 s
        assertThat(clock.takeSlept()).isEqualTo(Duration.ofSeconds(1).plus(MARGIN));
    }

    @Test
    void noMoreRequestsAreInFlightThanTheLimit() throws Exception {
        // Fake time: a limiter that waited for time instead of for a release would pass at once.
        GlobalLimiter limiter = new GlobalLimiter(2, MARGIN, ticker);
        int a = limiter.acquire();
        limiter.acquire();
        CompletableFuture<Integer> third = new CompletableFuture<>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                third.complete(limiter.acquire());
            } catch (Throwable t) {
                third.completeExceptionally(t);
            }
        });

        awaitParkedOrDone(caller, third);
        assertThat(third).as("a third request while two are in flight").isNotDone();

        limiter.release(a);
        assertThat(third.get(10, TimeUnit.SECONDS)).isEqualTo(0);
    }

    @Test
    void aGlobal429HoldsEverySlot() throws Exception {
        GlobalLimiter limiter = new GlobalLimiter(50, MARGIN, ticker);
        limiter.block(Duration.ofMillis(800));

        limiter.release(limiter.acquire());

        assertThat(clock.takeSlept()).isEqualTo(Duration.ofMillis(800));
    }

    /**
     * Returns once {@code caller} is parked without a timeout (nothing else holds the limiter's
     * lock, so it can only be waiting for a release) or {@code result} is done.
     */
    private static void awaitParkedOrDone(Thread caller, CompletableFuture<?> result) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!result.isDone() && caller.getState() != Thread.State.WAITING) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the caller neither waited nor returned");
            }
            Thread.sleep(1);
        }
    }
}
