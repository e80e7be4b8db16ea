package dev.dos.discord.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dos.core.remote.Ticker;
import dev.dos.core.remote.Tickers;
import dev.dos.discord.RestListener;
import dev.dos.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final FakeClock clock = FakeClock.at(Instant.EPOCH);
    private final Ticker ticker = Tickers.of(clock);
    private final RateLimiter limiter = new RateLimiter(50, ticker, RestListener.NONE);

    private static RateLimitInfo ok(String bucket, int limit, int remaining, double resetAfterSeconds) {
        return new RateLimitInfo(200, bucket, limit, remaining, Duration.ofMillis((long) (resetAfterSeconds * 1000)),
                null, false, null);
    }

    @Test
    void anEmptyBucketMakesTheNextRequestWaitUntilItsResetBeforeSending() throws Exception {
        limiter.acquire("CREATE_MESSAGE", "1").complete(ok("b", 2, 1, 5));
        clock.advance(Duration.ofSeconds(1));
        limiter.acquire("CREATE_MESSAGE", "1").complete(ok("b", 2, 0, 4));
        assertThat(clock.takeSlept()).isZero();

        limiter.acquire("CREATE_MESSAGE", "1").complete(ok("b", 2, 1, 5));

        assertThat(clock.takeSlept()).isEqualTo(Duration.ofSeconds(4).plus(RateLimiter.MARGIN));
    }

    @Test
    void aRefilledBucketIsUsedFullyBeforeWaitingAgain() throws Exception {
        limiter.acquire("CREATE_MESSAGE", "1").complete(ok("b", 3, 0, 1));
        limiter.acquire("CREATE_MESSAGE", "1").complete(ok("b", 3, 2, 1));
        clock.takeSlept();

        clock.advance(Duration.ofMillis(100));
        limiter.acquire("CREATE_MESSAGE", "1").complete(ok("b", 3, 1, 0.9));
        clock.advance(Duration.ofMillis(100));
        limiter.acquire("CREATE_MESSAGE", "1").complete(ok("b", 3, 0, 0.8));
        assertThat(clock.takeSlept()).isZero();
        limiter.acquire("CREATE_MESSAGE", "1").complete(ok("b", 3, 2, 1));
        assertThat(clock.takeSlept()).isEqualTo(Duration.ofMillis(800).plus(RateLimiter.MARGIN));
    }

    @Test
    void eachMajorParameterHasItsOwnBucket() throws Exception {
        limiter.acquire("CREATE_MESSAGE", "1").complete(ok("b", 1, 0, 5));

        limiter.acquire("CREATE_MESSAGE", "2").complete(ok("b", 1, 0, 5));

        assertThat(clock.takeSlept()).isZero();
    }

    @Test
    void routesSharingABucketShareItsCount() throws Exception {
        limiter.acquire("GET_MESSAGE", "1").complete(ok("shared", 5, 0, 2));
        limiter.acquire("LIST_MESSAGES", "1").complete(ok("shared", 5, 4, 2));

        limiter.acquire("GET_MESSAGE", "1").complete(ok("shared", 5, 3, 2));

        // LIST_MESSAGES went first (its bucket was not known yet); GET_MESSAGE then waited for the shared reset
        assertThat(clock.takeSlept()).isEqualTo(Duration.ofSeconds(2).plus(RateLimiter.MARGIN));
    }

    @Test
    void a429HoldsTheBucketForItsRetryAfter() throws Exception {
        limiter.acquire("CREATE_MESSAGE", "1").complete(new RateLimitInfo(429, "b", 5, 0, Duration.ofMillis(300),
                Duration.ofMillis(700), false, "shared"));

        limiter.acquire("CREATE_MESSAGE", "1").complete(ok("b", 5, 4, 5));

        assertThat(clock.takeSlept()).isEqualTo(Duration.ofMillis(700).plus(RateLimiter.MARGIN));
    }

    @Test
    void a429WithoutBucketHeadersStillHoldsTheRoute() throws Exception {
        limiter.acquire("GET_CHANNEL", "1").complete(new RateLimitInfo(200, null, 0, 0, Duration.ZERO, null, false, null));
        limiter.acquire("GET_CHANNEL", "1").complete(new RateLimitInfo(429, null, 0, 0, Duration.ZERO,
                Duration.ofSeconds(2), false, "user"));

        limiter.acquire("GET_CHANNEL", "1").complete(ok("c", 5, 4, 1));

        assertThat(clock.takeSlept()).isEqualTo(Duration.ofSeconds(2).plus(RateLimiter.MARGIN));
    }

    @Test
    void aGlobal429HoldsEveryRoute() throws Exception {
        limiter.acquire("GET_CHANNEL", "1").complete(new RateLimitInfo(429, "c", 5, 3, Duration.ofSeconds(1),
                Duration.ofMillis(1500), true, "global"));

        limiter.acquire("GET_GUILD", "9").complete(ok("g", 5, 4, 1));

        assertThat(clock.takeSlept()).isEqualTo(Duration.ofMillis(1500).plus(RateLimiter.MARGIN));
    }

    @Test
    void theGlobalLimitSpacesRequestsAcrossRoutes() throws Exception {
        RateLimiter slow = new RateLimiter(5, ticker, RestListener.NONE);
        for (int i = 0; i < 5; i++) {
            slow.acquire("GET_CHANNEL", Integer.toString(i)).abandon();
        }
        assertThat(clock.takeSlept()).isZero();

        slow.acquire("GET_GUILD", "1").abandon();

        assertThat(clock.takeSlept()).isEqualTo(Duration.ofSeconds(1).plus(RateLimiter.MARGIN));
    }

    @Test
    void requestsInOneBucketNeverOverlapEvenFromManyThreads() throws Exception {
        RateLimiter real = new RateLimiter(50, Ticker.SYSTEM, RestListener.NONE);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 30; i++) {
                futures.add(threads.submit(() -> {
                    RateLimiter.Permit permit = real.acquire("CREATE_MESSAGE", "7");
                    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    Thread.sleep(2);
                    inFlight.decrementAndGet();
                    permit.complete(ok("b", 1000, 999, 60));
                    return null;
                }));
            }
        }
        for (Future<?> future : futures) {
            future.get();
        }
        assertThat(maxInFlight).hasValue(1);
    }

    @Test
    void routesWithoutBucketHeadersRunInParallel() throws Exception {
        limiter.acquire("GET_CHANNEL", "1").complete(new RateLimitInfo(200, null, 0, 0, Duration.ZERO, null, false, null));

        RateLimiter.Permit first = limiter.acquire("GET_CHANNEL", "1");
        RateLimiter.Permit second = limiter.acquire("GET_CHANNEL", "1");

        first.abandon();
        second.abandon();
        assertThat(clock.takeSlept()).isZero();
    }
}
