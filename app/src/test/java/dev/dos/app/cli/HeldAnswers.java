package dev.dos.app.cli;

import dev.dos.emulator.Exchange;
import dev.dos.emulator.ExchangeListener;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Holds the emulator's answer to a chosen request until the test lets it go: the request is done
 * (a post is stored) but its client waits, for exactly as long as the test needs, whatever the
 * machine's speed or load. A test uses it to act while an upload is surely mid-way, instead of
 * slowing the upload down and hoping. Inert until {@link #hold} is called.
 */
final class HeldAnswers implements ExchangeListener {
    /** The longest a held answer waits for a test that never opens its gate. */
    private static final Duration NEVER_OPENED = Duration.ofMinutes(2);

    private final List<Gate> armed = new CopyOnWriteArrayList<>();

    /** A held answer: the test learns the request arrived and chooses when its answer leaves. */
    static final class Gate {
        private final Predicate<Exchange> when;
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch opened = new CountDownLatch(1);
        private long passing;

        private Gate(long passing, Predicate<Exchange> when) {
            this.passing = passing;
            this.when = when;
        }

        /** Waits until the chosen request has been answered by the emulator and its answer is held. */
        boolean awaitHeld(Duration timeout) throws InterruptedException {
            return reached.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        /** Lets the held answer go. */
        void open() {
            opened.countDown();
        }

        /** Whether this exchange is the one to hold; counts the matching ones let through before it. */
        private synchronized boolean takes(Exchange exchange) {
            return reached.getCount() > 0 && when.test(exchange) && passing-- == 0;
        }

        private void hold() {
            reached.countDown();
            try {
                opened.await(NEVER_OPENED.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Holds the answer to the next request matching {@code when} after {@code passing} such requests. */
    Gate hold(long passing, Predicate<Exchange> when) {
        Gate gate = new Gate(passing, when);
        armed.add(gate);
        return gate;
    }

    /** Message posts into channels other than {@code channelIds}: chunk posts into a batch's thread. */
    static Predicate<Exchange> postsOutside(String... channelIds) {
        Set<String> excluded = Set.of(channelIds);
        return e -> e.kind() == Exchange.Kind.API && "POST /channels/{channel.id}/messages".equals(e.route())
                && e.status() == 200 && !excluded.contains(e.path().split("/")[2]);
    }

    /** Lets every held answer go (the emulator is closing). */
    void openAll() {
        armed.forEach(Gate::open);
    }

    @Override
    public void exchanged(Exchange exchange) {
        for (Gate gate : armed) {
            if (gate.takes(exchange)) {
                gate.hold();
                return;
            }
        }
    }
}
