package dev.dos.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import dev.dos.emulator.EmulatorConfig;

/** Many clients at once, as the product uploads into several threads in parallel. */
class ConcurrentClientsTest extends EmulatorContract {

    @Override
    protected EmulatorConfig.Builder configure(EmulatorConfig.Builder config) {
        return config.maxActiveThreads(8);
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
