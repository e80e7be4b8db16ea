package dev.dos.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void anIOExceptionIsReturnedAsItIs() {
        IOException io = new IOException("gone");

        assertThat(Failures.asIOException(io)).isSameAs(io);
    }

    @Test
    void uncheckedFailuresAreThrownAsTheyAre() {
        IllegalStateException bug = new IllegalStateException("bug");
        UncheckedIOException unchecked = new UncheckedIOException(new IOException("inner"));
        OutOfMemoryError error = new OutOfMemoryError("heap");

        assertThatThrownBy(() -> Failures.asIOException(bug)).isSameAs(bug);
        assertThatThrownBy(() -> Failures.asIOException(unchecked)).isSameAs(unchecked);
        assertThatThrownBy(() -> Failures.asIOException(error)).isSameAs(error);
    }

    @Test
    void awaitGivesTheResultTheTasksFailureOrAnInterruptedIOException() throws Exception {
        IOException gone = new IOException("gone");

        assertThat(Failures.await(java.util.concurrent.CompletableFuture.completedFuture("ok"), "testing"))
                .isEqualTo("ok");
        assertThatThrownBy(() -> Failures.await(java.util.concurrent.CompletableFuture.failedFuture(gone), "testing"))
                .isSameAs(gone);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> Failures.await(new java.util.concurrent.CompletableFuture<String>(), "testing"))
                    .isInstanceOf(java.io.InterruptedIOException.class).hasMessage("interrupted while testing");
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept").isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void otherCheckedFailuresAreWrapped() {
        Exception other = new java.util.concurrent.TimeoutException("slow");

        assertThat(Failures.asIOException(other)).isInstanceOf(IOException.class).hasCause(other);
    }
}
