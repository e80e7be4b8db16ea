package dev.dos.core.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The hash beside the copy equals the plain SHA-256 of the same bytes, whatever the updates' sizes. */
class ContentHashTest {

    @Property(tries = 40)
    void equalsTheSha256OfTheBytesInOrder(@ForAll @IntRange(min = 0, max = 3 * ContentHash.INLINE_BYTES) int size,
                                          @ForAll @IntRange(min = 1, max = 600_000) int maxUpdate,
                                          @ForAll long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        String hex;
        try (ContentHash hash = new ContentHash()) {
            for (int at = 0; at < size; ) {
                int n = Math.min(size - at, 1 + random.nextInt(maxUpdate));
                hash.update(bytes, at, n);
                at += n;
            }
            hex = hash.hex();
        }

        assertThat(hex).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
    }

    @Test
    void aCallerReusingItsBufferDoesNotChangeWhatIsHashed() throws Exception {
        byte[] buffer = new byte[64 * 1024];
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        String hex;
        try (ContentHash hash = new ContentHash()) {
            for (int i = 0; i < 200; i++) { // 12.5 MiB through one buffer, overwritten after each update
                java.util.Arrays.fill(buffer, (byte) i);
                expected.update(buffer);
                hash.update(buffer, 0, buffer.length);
            }
            hex = hash.hex();
        }

        assertThat(hex).isEqualTo(HexFormat.of().formatHex(expected.digest()));
    }

    @Test
    void anAbandonedHashEndsItsWorker() throws Exception {
        ContentHash hash = new ContentHash();
        byte[] big = new byte[3 * ContentHash.INLINE_BYTES];
        hash.update(big, 0, big.length);
        Thread worker = hash.worker();
        assertThat(worker).isNotNull();

        hash.close();

        assertThat(worker.join(java.time.Duration.ofMinutes(1))).as("the worker ended").isTrue();
    }

    @Test
    void anInterruptedCallerStopsWaitingForTheWorker() {
        byte[] big = new byte[3 * ContentHash.INLINE_BYTES];
        Thread.currentThread().interrupt();
        try (ContentHash hash = new ContentHash()) {
            assertThatThrownBy(() -> hash.update(big, 0, big.length)).isInstanceOf(InterruptedIOException.class);
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept").isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
