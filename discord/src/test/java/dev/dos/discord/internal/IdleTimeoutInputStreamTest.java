package dev.dos.discord.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IdleTimeoutInputStreamTest {
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        watchdog.shutdownNow();
    }

    @Test
    void aReadThatStallsIsBrokenOffAfterTheTimeout() throws Exception {
        PipedOutputStream writer = new PipedOutputStream();
        PipedInputStream stalled = new PipedInputStream(writer);
        writer.write(new byte[] {1, 2, 3});
        InputStream in = new IdleTimeoutInputStream(stalled, Duration.ofMillis(200), watchdog);

        assertThat(in.readNBytes(3)).containsExactly(1, 2, 3);
        long start = System.nanoTime();
        assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessageContaining("no data");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(150), Duration.ofSeconds(5));
    }

    @Test
    void aStreamThatKeepsFlowingIsLeftAlone() throws Exception {
        byte[] bytes = new byte[100_000];
        InputStream in = new IdleTimeoutInputStream(new ByteArrayInputStream(bytes), Duration.ofMillis(50), watchdog);

        assertThat(in.readAllBytes()).hasSize(100_000);
    }
}
