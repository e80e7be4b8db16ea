package dev.dos.discord.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;
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
        InputStream in = new IdleTimeoutInputStream(new StallingStream(new byte[] {1, 2, 3}), Duration.ofMillis(200),
                watchdog);

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

    /** Serves its bytes, then blocks until closed, like a connection that went silent. */
    private static final class StallingStream extends InputStream {
        private final byte[] bytes;
        private final CountDownLatch closed = new CountDownLatch(1);
        private int next;

        StallingStream(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() throws IOException {
            if (next < bytes.length) {
                return bytes[next++] & 0xff;
            }
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("stream closed");
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            int first = read();
            b[off] = (byte) first;
            int n = 1;
            while (n < len && next < bytes.length) {
                b[off + n++] = bytes[next++];
            }
            return n;
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }
}
