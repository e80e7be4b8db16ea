package dev.dos.discord.internal;

import dev.dos.core.remote.RemoteException;
import dev.dos.core.remote.Ticker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

/**
 * A circuit breaker that keeps the client far from Discord's invalid-request ban (10,000 answers
 * of 401, 403 or 429 within ten minutes bans the IP for about an hour). It opens for good, and
 * every later request fails without being sent, when:
 * <ul>
 *   <li>Discord answers 401: the token is wrong or revoked, and every request would fail;</li>
 *   <li>{@code forbiddenStreakLimit} answers in a row are 403;</li>
 *   <li>{@code invalidBudget} invalid answers fall within ten minutes.</li>
 * </ul>
 */
public final class InvalidRequestGuard {
    static final Duration WINDOW = Duration.ofMinutes(10);

    private final int forbiddenStreakLimit;
    private final int invalidBudget;
    private final Ticker ticker;
    private final Deque<Long> invalidTimes = new ArrayDeque<>();
    private int forbiddenStreak;
    private Supplier<RemoteException> open;

    public InvalidRequestGuard(int forbiddenStreakLimit, int invalidBudget, Ticker ticker) {
        this.forbiddenStreakLimit = forbiddenStreakLimit;
        this.invalidBudget = invalidBudget;
        this.ticker = ticker;
    }

    /** Throws the reason the guard opened, if it did; a request may be sent otherwise. */
    public void check() throws RemoteException {
        Supplier<RemoteException> reason;
        synchronized (this) {
            reason = open;
        }
        if (reason != null) {
            throw reason.get();
        }
    }

    /** Records one response. */
    public synchronized void record(RateLimitInfo info) {
        int status = info.status();
        if (status == 401) {
            trip(() -> new RemoteException.Unauthorized(
                    "Discord rejected the bot token (401); no further requests are sent with it"));
        }
        if (status == 403) {
            if (++forbiddenStreak >= forbiddenStreakLimit) {
                int streak = forbiddenStreak;
                trip(() -> new RemoteException.Forbidden("Discord refused " + streak
                        + " requests in a row (403); stopped sending to stay clear of Discord's invalid-request ban"));
            }
        } else if (status / 100 == 2) {
            forbiddenStreak = 0;
        }
        if (info.invalid()) {
            long now = ticker.nanos();
            invalidTimes.addLast(now);
            while (!invalidTimes.isEmpty() && now - invalidTimes.peekFirst() > WINDOW.toNanos()) {
                invalidTimes.removeFirst();
            }
            if (invalidTimes.size() >= invalidBudget) {
                int count = invalidTimes.size();
                trip(() -> new RemoteException.Transient(count + " invalid requests (401/403/429) within 10 minutes;"
                        + " stopped sending to stay clear of Discord's invalid-request ban", null));
            }
        }
    }

    private void trip(Supplier<RemoteException> reason) {
        if (open == null) {
            open = reason;
        }
    }
}
