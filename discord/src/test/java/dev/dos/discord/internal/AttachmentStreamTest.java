package dev.dos.discord.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.Ticker;
import dev.dos.core.remote.Tickers;
import dev.dos.discord.RetrySettings;
import dev.dos.testkit.FakeClock;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AttachmentStreamTest {
    private final FakeClock clock = FakeClock.at(Instant.EPOCH);
    private final Ticker ticker = Tickers.of(clock);
    private final Backoff backoff = new Backoff(new RetrySettings(3, Duration.ofMillis(10), Duration.ofMillis(100),
            Duration.ofSeconds(1), Duration.ofSeconds(1)));
    private final byte[] stored = random(100_000);
    private final List<Long> openedAt = new ArrayList<>();

    @Test
    void aConnectionCutOffMidwayIsResumedWhereItStopped() throws Exception {
        AttachmentStream.Opener opener = offset -> {
            openedAt.add(offset);
            InputStream rest = new ByteArrayInputStream(stored, (int) offset, stored.length - (int) offset);
            return openedAt.size() <= 2 ? failingAfter(rest, 30_000) : rest;
        };

        try (InputStream in = AttachmentStream.open(opener, stored.length, backoff, ticker, "test")) {
            assertThat(in.readAllBytes()).isEqualTo(stored);
        }
        assertThat(openedAt).containsExactly(0L, 30_000L, 60_000L);
    }

    @Test
    void aBodyThatEndsEarlyIsDetectedAndResumed() throws Exception {
        AttachmentStream.Opener opener = offset -> {
            openedAt.add(offset);
            int end = openedAt.size() == 1 ? 50_000 : stored.length;
            return new ByteArrayInputStream(stored, (int) offset, end - (int) offset);
        };

        try (InputStream in = AttachmentStream.open(opener, stored.length, backoff, ticker, "test")) {
            assertThat(in.readAllBytes()).isEqualTo(stored);
        }
        assertThat(openedAt).containsExactly(0L, 50_000L);
    }

    @Test
    void extraBytesBeyondTheKnownSizeAreNotDelivered() throws Exception {
        AttachmentStream.Opener opener = offset -> new ByteArrayInputStream(random(stored.length + 10));

        try (InputStream in = AttachmentStream.open(opener, stored.length, backoff, ticker, "test")) {
            assertThat(in.readAllBytes()).hasSize(stored.length);
        }
    }

    @Test
    void failuresWithoutProgressGiveUpAfterMaxAttempts() {
        AttachmentStream.Opener opener = offset -> {
            openedAt.add(offset);
            throw new IOException("connection reset");
        };

        assertThatThrownBy(() -> AttachmentStream.open(opener, stored.length, backoff, ticker, "blob 7"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("blob 7").hasMessageContaining("3 times");
        assertThat(openedAt).hasSize(3);
        assertThat(clock.takeSlept()).isPositive();
    }

    @Test
    void aRemoteExceptionFromTheOpenerIsNotRetried() {
        AttachmentStream.Opener opener = offset -> {
            openedAt.add(offset);
            throw new RemoteException.NotFound("gone");
        };

        assertThatThrownBy(() -> AttachmentStream.open(opener, stored.length, backoff, ticker, "x"))
                .isInstanceOf(RemoteException.NotFound.class);
        assertThat(openedAt).hasSize(1);
    }

    @Test
    void readingAfterCloseFails() throws Exception {
        InputStream in = AttachmentStream.open(offset -> new ByteArrayInputStream(stored), stored.length, backoff,
                ticker, "x");
        in.close();
        assertThatThrownBy(in::read).isInstanceOf(IOException.class);
    }

    private static InputStream failingAfter(InputStream in, int bytes) {
        return new FilterInputStream(in) {
            private int left = bytes;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left == 0) {
                    throw new IOException("Connection reset");
                }
                int n = super.read(b, off, Math.min(len, left));
                left -= Math.max(n, 0);
                return n;
            }
        };
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
