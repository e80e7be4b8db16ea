package dev.dos.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dos.core.remote.RemoteException;
import dev.dos.emulator.EmulatorConfig;
import dev.dos.emulator.FaultConfig;
import dev.dos.emulator.RateLimitConfig;
import dev.dos.emulator.RequestRecord;
import dev.dos.emulator.RouteLimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Pacing against an emulator that enforces Discord's rate limits (lowered so tests are quick).
 * The request log is the judge: after a bucket is known, the client must not draw a 429.
 */
class RateLimitingTest {

    private static EmulatorConfig.Builder limited(int perWindow, Duration window, int globalPerSecond) {
        return DiscordFixture.quiet().rateLimits(RateLimitConfig.builder()
                .messageCreate(RouteLimit.of(perWindow, window))
                .defaultRoute(RouteLimit.of(1000, Duration.ofSeconds(1)))
                .globalPerSecond(globalPerSecond)
                .build());
    }

    /** Counts what the client reports through its listener. */
    static final class CountingListener implements RestListener {
        final AtomicInteger waits = new AtomicInteger();
        final AtomicInteger rateLimited = new AtomicInteger();

        @Override
        public void waiting(String route, Duration wait, boolean global) {
            waits.incrementAndGet();
        }

        @Override
        public void rateLimited(String route, Duration retryAfter, String scope) {
            rateLimited.incrementAndGet();
        }
    }

    private static List<Future<?>> postConcurrently(DiscordRestClient client, List<String> channels, int perChannel,
                                                    ExecutorService threads) {
        List<Future<?>> futures = new ArrayList<>();
        for (String channel : channels) {
            for (int i = 0; i < perChannel; i++) {
                String text = "message " + i;
                futures.add(threads.submit(() -> client.createMessage(channel, text, List.of())));
            }
        }
        return futures;
    }

    private static void awaitAll(List<Future<?>> futures) throws Exception {
        for (Future<?> future : futures) {
            future.get();
        }
    }

    @Test
    void concurrentPostsToOneChannelWaitForTheBucketInsteadOfDrawing429s() throws Exception {
        try (DiscordFixture discord = DiscordFixture.start(limited(3, Duration.ofSeconds(1), 1000))) {
            CountingListener listener = new CountingListener();
            String index = discord.emulator.channelId("index");
            long start = System.nanoTime();
            try (DiscordRestClient client = new DiscordRestClient(discord.settings().build(), listener);
                 ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                awaitAll(postConcurrently(client, List.of(index), 12, threads));
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(discord.requests("POST", "/messages")).hasSize(12).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
            assertThat(discord.count(429)).isZero();
            assertThat(listener.rateLimited).hasValue(0);
            assertThat(listener.waits.get()).isGreaterThanOrEqualTo(3);
            assertThat(elapsed).as("12 posts at 3 per second need three refills").isGreaterThan(Duration.ofMillis(2900));
        }
    }

    @Test
    void eachThreadHasItsOwnBucketSoThreadsPostInParallel() throws Exception {
        try (DiscordFixture discord = DiscordFixture.start(limited(2, Duration.ofSeconds(1), 1000))) {
            List<String> threadsIds = new ArrayList<>();
            long start;
            try (DiscordRestClient client = discord.client();
                 ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 4; i++) {
                    threadsIds.add(client.createPublicThread(discord.storage(), "batch-" + i, 10080).id());
                }
                start = System.nanoTime();
                awaitAll(postConcurrently(client, threadsIds, 4, threads));
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(discord.count(429)).isZero();
            assertThat(discord.requests("POST", "/messages")).hasSize(16);
            // one refill per thread, all four threads at once; in one shared bucket it would take 7 refills
            assertThat(elapsed).isBetween(Duration.ofMillis(900), Duration.ofMillis(3000));
        }
    }

    @Test
    void theGlobalLimitIsKeptAcrossRoutesAndChannels() throws Exception {
        try (DiscordFixture discord = DiscordFixture.start(limited(1000, Duration.ofSeconds(1), 5))) {
            DiscordSettings settings = discord.settings().rate(new RateSettings(5, 10, 1000)).build();
            List<String> channels = List.of(discord.storage(), discord.emulator.channelId("index"),
                    discord.emulator.channelId("backup"));
            long start = System.nanoTime();
            try (DiscordRestClient client = new DiscordRestClient(settings);
                 ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> futures = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    String channel = channels.get(i % channels.size());
                    futures.add(threads.submit(() -> client.channel(channel)));
                }
                awaitAll(futures);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(discord.count(429)).isZero();
            assertThat(discord.count(200)).isEqualTo(20);
            assertThat(elapsed).as("20 requests at 5 per second").isGreaterThan(Duration.ofMillis(2900));
        }
    }

    @Test
    void a429CausedBySomeoneElseIsWaitedOutThenTheBucketIsPaced() throws Exception {
        try (DiscordFixture discord = DiscordFixture.start(limited(3, Duration.ofSeconds(2), 1000))) {
            String index = discord.emulator.channelId("index");
            try (DiscordRestClient otherProcess = discord.client()) {
                for (int i = 0; i < 3; i++) {
                    otherProcess.createMessage(index, "other " + i, List.of());
                }
            }
            CountingListener listener = new CountingListener();
            try (DiscordRestClient client = new DiscordRestClient(discord.settings().build(), listener)) {
                for (int i = 0; i < 7; i++) {
                    client.createMessage(index, "ours " + i, List.of());
                }
            }

            List<RequestRecord> posts = discord.requests("POST", "/messages");
            assertThat(posts.stream().filter(r -> r.status() == 429)).hasSize(1);
            assertThat(posts.stream().filter(r -> r.status() == 200)).hasSize(10);
            assertThat(listener.rateLimited).hasValue(1);
            int limitedAt = posts.indexOf(posts.stream().filter(r -> r.status() == 429).findFirst().orElseThrow());
            Duration gap = Duration.between(posts.get(limitedAt).time(), posts.get(limitedAt + 1).time());
            assertThat(gap).as("the retry waited for retry_after").isGreaterThan(Duration.ofMillis(1000));
        }
    }

    @Test
    void an429StormIsWaitedOutButOneThatNeverEndsGivesUpAfterTheAttempts() throws Exception {
        try (DiscordFixture discord = DiscordFixture.start(DiscordFixture.quiet())) {
            String index = discord.emulator.channelId("index");
            DiscordSettings settings = discord.settings().retry(new RetrySettings(3, Duration.ofMillis(10),
                    Duration.ofMillis(20), Duration.ofSeconds(5), Duration.ofSeconds(5))).build();
            discord.emulator.admin().setFaults(FaultConfig.builder().seed(1).stormProbability(1.0)
                    .stormDuration(Duration.ofMillis(200)).build());
            long start = System.nanoTime();
            try (DiscordRestClient client = new DiscordRestClient(settings)) {
                assertThatThrownBy(() -> client.createMessage(index, "x", List.of()))
                        .isInstanceOf(RemoteException.Transient.class)
                        .hasMessageContaining("rate-limiting");
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(discord.count(429)).isEqualTo(3);
            assertThat(elapsed).as("each retry waited out retry_after").isGreaterThan(Duration.ofMillis(380));
        }
    }
}
