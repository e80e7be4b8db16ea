package dev.dos.app.store;

import dev.dos.core.crypto.MasterKey;
import dev.dos.core.io.Failures;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;

/**
 * Unlocking the key (Argon2id: half a second or more of one core's work, docs/PERFORMANCE.md) on a
 * thread of its own, while the session opens its remote and its index on another core; the key is
 * awaited only where it is first needed. A failed unlock (a wrong passphrase) still comes first:
 * {@link #firstFailure} reports it in place of what failed beside it.
 */
final class KeyUnlock {
    private final FutureTask<MasterKey> task;

    private KeyUnlock(Callable<MasterKey> unlock) {
        this.task = new FutureTask<>(unlock);
    }

    /** Starts {@code unlock} (a KeyFile unlock or create) now. */
    static KeyUnlock start(Callable<MasterKey> unlock) {
        KeyUnlock started = new KeyUnlock(unlock);
        Thread.ofPlatform().name("dos-key-unlock").daemon(true).start(started.task);
        return started;
    }

    /** The unlocked key, once the unlock is done; its failure as it was thrown. */
    MasterKey await() throws IOException {
        return Failures.await(task, "unlocking the key");
    }

    /**
     * What to report when opening failed with {@code failure}: the unlock's own failure if it
     * failed too (with {@code failure} suppressed), else {@code failure}. Waits for the unlock.
     * Returns it when it is an IOException (for the caller to throw), throws it otherwise.
     */
    IOException firstFailure(Throwable failure) {
        Throwable first = failure;
        try {
            await();
        } catch (IOException | RuntimeException | Error unlockFailure) {
            if (unlockFailure != failure) {
                unlockFailure.addSuppressed(failure);
            }
            first = unlockFailure;
        }
        return Failures.asIOException(first);
    }
}
