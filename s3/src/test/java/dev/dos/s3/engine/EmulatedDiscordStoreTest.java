package dev.dos.s3.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dos.emulator.RequestRecord;
import dev.dos.s3.store.ObjectInfo;
import dev.dos.s3.store.ObjectMeta;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's promises over Discord itself (the emulator, Discord's rate limits, every exchange
 * checked against the OpenAPI description): one writer, a rebuild on a new machine, and an idle
 * sync of one request per lane plus one.
 */
class EmulatedDiscordStoreTest {
    @TempDir
    Path tmp;

    private EmulatedDiscord discord;

    @BeforeEach
    void start() throws Exception {
        discord = EmulatedDiscord.start();
    }

    @AfterEach
    void stop() {
        try {
            assertThat(discord.requests()).noneSatisfy(r -> assertThat(r.status()).isEqualTo(429));
        } finally {
            discord.close();
        }
    }

    @Test
    void aNewMachineRebuildsTheStoreAndAnIdleSyncCostsARequestPerLanePlusOne() throws Exception {
        byte[] big = VisibilityTest.bytes(12_000_000, 1);
        try (DiscordObjectStore first = EngineFixture.open(discord.remote(), tmp.resolve("first"))) {
            first.createBucket("bkt");
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<ObjectInfo>> puts = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    int n = i;
                    puts.add(pool.submit(() -> first.put("bkt", "small/" + n,
                            new ByteArrayInputStream(VisibilityTest.bytes(300 + n, n)), 300 + n, ObjectMeta.NONE)));
                }
                for (Future<ObjectInfo> f : puts) {
                    f.get();
                }
            }
            first.put("bkt", "big", new ByteArrayInputStream(big), big.length, ObjectMeta.NONE);
            assertThatThrownBy(() -> EngineFixture.open(discord.remote(), tmp.resolve("other")))
                    .isInstanceOf(LeaseRefusedException.class).hasMessageContaining("in use by another gateway");
            for (int i = 30; i < 40; i++) {
                first.put("bkt", "doomed/" + i, new ByteArrayInputStream(VisibilityTest.bytes(20_000, i)), 20_000,
                        ObjectMeta.NONE);
            }
            for (int i = 30; i < 40; i++) {
                first.delete("bkt", "doomed/" + i);
            }
            CompactionResult compacted = first.compact(); // checkpoint, card edit, deletes: all over Discord
            assertThat(compacted.postsDeleted()).isPositive();
        }

        int beforeOpen = discord.requests().size();
        try (DiscordObjectStore second = EngineFixture.open(discord.remote(), tmp.resolve("second"))) {
            List<RequestRecord> opening = discord.requests().subList(beforeOpen, discord.requests().size());
            System.out.printf("open on a new machine over Discord (lease, card, checkpoint, journal): %d requests,"
                    + " %d of them CDN downloads%n", opening.size(),
                    opening.stream().filter(r -> r.route().contains("attachments/{")).count());
            assertThat(second.list("bkt", "small/", null, 100)).hasSize(30);
            assertThat(second.list("bkt", "doomed/", null, 100)).isEmpty();
            for (int i = 0; i < 30; i += 7) {
                assertThat(read(second, "small/" + i)).isEqualTo(VisibilityTest.bytes(300 + i, i));
            }
            assertThat(read(second, "big")).isEqualTo(big);

            int before = discord.requests().size();
            second.sync();
            List<RequestRecord> idle = discord.requests().subList(before, discord.requests().size());
            System.out.printf("idle sync over Discord: %d requests for %d lanes: %s%n", idle.size(),
                    second.lanes().size(), idle.stream().map(RequestRecord::route).toList());
            assertThat(idle).hasSizeLessThanOrEqualTo(second.lanes().size() + 1);
        }
    }

    private static byte[] read(DiscordObjectStore store, String key) throws Exception {
        ObjectInfo info = store.head("bkt", key).orElseThrow();
        try (InputStream in = store.open(info, 0, info.size())) {
            return in.readAllBytes();
        }
    }
}
