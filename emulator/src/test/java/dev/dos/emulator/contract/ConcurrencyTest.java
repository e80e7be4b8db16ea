package dev.dos.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dos.emulator.DiscordEmulator;
import dev.dos.emulator.RateLimitConfig;
import dev.dos.emulator.RouteLimit;
import dev.dos.emulator.live.Live;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import dev.dos.testkit.RawDiscord;
import java.util.concurrent.ConcurrentLinkedQueue;
import dev.dos.emulator.EmulatorConfig;

/** Parallel uploads, as a client using several threads (buckets) at once would make them. */
class ConcurrencyTest extends EmulatorContract {

    /** At most 8 active threads, so a ninth is refused however the uploads raced. */
    @Override
    protected EmulatorConfig.Builder configure(EmulatorConfig.Builder config) {
        return config.maxActiveThreads(8);
    }

    @Test
    @Live
    @InLiveChannel
    void parallelUploadsIntoSeveralThreadsAllLandWithUniqueIdsAndIntactBytes() throws Exception {
        int writers = 6;
        int perWriter = 15;
        List<String> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            threads.add(createThread(storage, "w" + w).path("id").asText());
        }
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<List<JsonNode>>> results = new ArrayList<>();
        try {
            for (int w = 0; w < writers; w++) {
                String thread = threads.get(w);
                int writer = w;
                results.add(pool.submit(() -> {
                    List<JsonNode> posted = new ArrayList<>();
                    for (int i = 0; i < perWriter; i++) {
                        posted.add(postFiles(thread, "w" + writer + "-" + i, randomBytes(5000, writer * 1000L + i)));
                    }
                    return posted;
                }));
            }
            Set<String> messageIds = new HashSet<>();
            Set<String> attachmentIds = new HashSet<>();
            for (int w = 0; w < writers; w++) {
                List<JsonNode> posted = results.get(w).get();
                for (int i = 0; i < perWriter; i++) {
                    JsonNode m = posted.get(i);
                    messageIds.add(m.path("id").asText());
                    JsonNode a = m.path("attachments").get(0);
                    attachmentIds.add(a.path("id").asText());
                    assertThat(RawDiscord.fetch(a.path("url").asText()).expect(200).body())
                            .isEqualTo(randomBytes(5000, w * 1000L + i));
                }
                assertThat(discord.get("/channels/" + threads.get(w) + "/messages?limit=100").expect(200).json())
                        .hasSize(perWriter);
            }
            assertThat(messageIds).hasSize(writers * perWriter);
            assertThat(attachmentIds).hasSize(writers * perWriter);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBucketNeverAdmitsMoreThanItsLimitUnderConcurrentRequests() throws Exception {
        try (DiscordEmulator limited = DiscordEmulator.start(quietConfig().rateLimits(RateLimitConfig.builder()
                .messageCreate(RouteLimit.of(5, Duration.ofSeconds(30))).globalPerSecond(1000).build()).build())) {
            RawDiscord client = RawDiscord.bot(limited.baseUrl(), limited.token());
            String path = "/channels/" + limited.channelId("storage") + "/messages";
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Callable<Integer>> posts = new ArrayList<>();
                for (int i = 0; i < 24; i++) {
                    int n = i;
                    posts.add(() -> client.post(path, Map.of("content", "race " + n)).status());
                }
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> f : pool.invokeAll(posts)) {
                    statuses.add(f.get());
                }

                assertThat(statuses).filteredOn(s -> s == 200).hasSize(5);
                assertThat(statuses).filteredOn(s -> s == 429).hasSize(19);
                assertThat(client.get(path).expect(200).json()).hasSize(5);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void parallelUploadsIntoSeparateThreadsAreAllStoredWithUniqueIds() throws Exception {
        List<String> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            threads.add(newThread(storage, "parallel-" + i));
        }
        ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (String thread : threads) {
                done.add(pool.submit(() -> {
                    for (int n = 0; n < 10; n++) {
                        JsonNode m = postFiles(thread, new byte[] {(byte) n}, new byte[2048]);
                        ids.add(m.get("id").asText());
                        m.get("attachments").forEach(a -> ids.add(a.get("id").asText()));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        Set<String> unique = new HashSet<>(ids);
        assertThat(unique).hasSize(8 * 10 * 3);
        for (String thread : threads) {
            assertThat(discord.get("/channels/" + thread).json().get("message_count").asInt()).isEqualTo(10);
            assertThat(discord.get("/channels/" + thread + "/messages").json()).hasSize(10);
        }
        // Only 8 active threads are allowed here: a ninth, however raced, is refused.
        assertThat(discord.post("/channels/" + storage + "/threads", "{\"name\":\"ninth\",\"type\":11}").json()
                .get("code").asInt()).isEqualTo(160006);
    }
}
